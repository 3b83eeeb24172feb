package io.chorus.async;

import io.chorus.llm.ModelCallException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * When and how often a failed call is tried again: only retriable {@link ModelCallException}s, at most
 * {@code maxAttempts} attempts, after exponential backoff with full jitter, or after the server's Retry-After
 * (capped by the largest backoff). Waits run on the given scheduler, never on the caller's thread.
 */
final class RetryPolicy {

    /** The attempt bound when {@link CallBudget} decides when a call stops (it fails the call with a non-retriable error). */
    static final int UNBOUNDED_ATTEMPTS = Integer.MAX_VALUE;

    private final int maxAttempts;
    private final long initialMs;
    private final long maxMs;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> onRetry;
    private final ConcurrentMap<String, Retry> byUse = new ConcurrentHashMap<>();

    /** @param onRetry told the use of every retry (for metrics) */
    RetryPolicy(int maxAttempts, Duration backoffInitial, Duration backoffMax, ScheduledExecutorService scheduler, Consumer<String> onRetry) {
        this.maxAttempts = maxAttempts;
        this.initialMs = backoffInitial.toMillis();
        this.maxMs = backoffMax.toMillis();
        this.scheduler = scheduler;
        this.onRetry = onRetry;
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or the attempts are spent. */
    <T> CompletionStage<T> run(String use, Supplier<CompletionStage<T>> attempt) {
        return byUse.computeIfAbsent(use, this::newRetry).executeCompletionStage(scheduler, attempt);
    }

    static boolean retriable(Throwable t) {
        return ModelGateway.unwrap(t) instanceof ModelCallException m && m.retriable();
    }

    /** One retry policy per use, built once: the attempt count of a call is kept by the call itself. */
    private Retry newRetry(String use) {
        Retry retry = Retry.of(use, RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .retryOnException(RetryPolicy::retriable)
                .intervalBiFunction((IntervalBiFunction<Object>) (n, either) -> delayMs(n, either.isLeft() ? either.getLeft() : null))
                .failAfterMaxAttempts(false)
                .build());
        retry.getEventPublisher().onRetry(e -> onRetry.accept(use));
        return retry;
    }

    /**
     * The wait before retry number {@code attempt} (1 = after the first failure): the server's Retry-After when it
     * sent one (at most the largest backoff), else a random time up to {@code min(max, initial·2^(attempt-1))}.
     */
    long delayMs(int attempt, Throwable failure) {
        if (failure != null && ModelGateway.unwrap(failure) instanceof ModelCallException m && m.retryAfterMs() != null) {
            return Math.min(Math.max(0, m.retryAfterMs()), Math.max(maxMs, 1));
        }
        long bound = Math.min(maxMs, initialMs << Math.min(20, Math.max(0, attempt - 1)));
        return bound <= 0 ? 0L : ThreadLocalRandom.current().nextLong(bound + 1);
    }
}
