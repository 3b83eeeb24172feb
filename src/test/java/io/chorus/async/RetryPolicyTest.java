package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.llm.ModelCallException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves the retry policy alone: what is retried, how many times, how long it waits, and on which thread. */
class RetryPolicyTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "retry-timer"));
    private final AtomicInteger retries = new AtomicInteger();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private RetryPolicy policy(int attempts, long initialMs, long maxMs) {
        return new RetryPolicy(attempts, Duration.ofMillis(initialMs), Duration.ofMillis(maxMs), scheduler, use -> retries.incrementAndGet());
    }

    private static ModelCallException serverError() {
        return new ModelCallException(ModelCallException.Kind.SERVER_ERROR, 503, "busy", null, null);
    }

    @Test
    void aRetriableFailureIsTriedAgainUntilItSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = policy(3, 0, 0).run("t", () -> calls.incrementAndGet() < 3
                ? CompletableFuture.<String>failedFuture(serverError()) : CompletableFuture.completedFuture("ok"))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(retries).hasValue(2);
    }

    @Test
    void aNonRetriableFailureIsNotTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        var stage = policy(5, 0, 0).run("t", () -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new ModelCallException(ModelCallException.Kind.AUTHENTICATION, 401, "key", null, null));
        }).toCompletableFuture();
        assertThat(stage).failsWithin(Duration.ofSeconds(30));
        assertThat(calls).hasValue(1);
    }

    @Test
    void attemptsStopAtTheLimit() {
        AtomicInteger calls = new AtomicInteger();
        var stage = policy(4, 0, 0).run("t", () -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(serverError());
        }).toCompletableFuture();
        assertThat(stage).failsWithin(Duration.ofSeconds(30));
        assertThat(calls).hasValue(4);
    }

    @Test
    void retriesRunOnTheSchedulerNotOnTheCallersThread() {
        List<String> threads = new CopyOnWriteArrayList<>();
        var stage = policy(3, 1, 1).run("t", () -> {
            threads.add(Thread.currentThread().getName());
            return CompletableFuture.failedFuture(serverError());
        }).toCompletableFuture();
        assertThat(stage).failsWithin(Duration.ofSeconds(30));
        assertThat(threads).hasSize(3);
        assertThat(threads.subList(1, 3)).as("retries").containsOnly("retry-timer");
    }

    @Test
    void backoffIsJitteredWithinADoublingBound() {
        RetryPolicy p = policy(10, 100, 1_000);
        for (int i = 0; i < 200; i++) {
            assertThat(p.delayMs(1, serverError())).isBetween(0L, 100L);
            assertThat(p.delayMs(3, serverError())).isBetween(0L, 400L);
            assertThat(p.delayMs(8, serverError())).isBetween(0L, 1_000L);
        }
    }

    @Test
    void retryAfterFromTheServerWinsButIsCappedByTheLargestBackoff() {
        RetryPolicy p = policy(10, 100, 1_000);
        assertThat(p.delayMs(1, new ModelCallException(ModelCallException.Kind.RATE_LIMITED, 429, "slow down", 700L, null))).isEqualTo(700L);
        assertThat(p.delayMs(1, new ModelCallException(ModelCallException.Kind.RATE_LIMITED, 429, "slow down", 60_000L, null))).isEqualTo(1_000L);
    }
}
