package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.llm.ModelCallException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves the call executor alone: attempts run on its pool, a hung attempt times out and is interrupted. */
class CallExecutorTest {

    private CallExecutor executor;

    @AfterEach
    void close() {
        executor.close();
    }

    @Test
    void attemptsRunOnThePoolNotOnTheCaller() throws Exception {
        executor = new CallExecutor("t", 2, Duration.ofSeconds(30));
        String thread = executor.submit(() -> { }, () -> Thread.currentThread().getName()).get(30, TimeUnit.SECONDS);
        assertThat(thread).startsWith("chorus-model-t-").isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aHungAttemptFailsWithARetriableTimeoutAndIsInterrupted() throws Exception {
        executor = new CallExecutor("t", 1, Duration.ofMillis(100));
        CountDownLatch interrupted = new CountDownLatch(1);
        var future = executor.submit(() -> { }, () -> {
            try {
                new CountDownLatch(1).await(); // never released
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "late";
        });
        assertThat(future).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(ModelCallException.class,
                        e -> assertThat(e.kind()).isEqualTo(ModelCallException.Kind.TIMEOUT));
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theGateIsNotTimed() throws Exception {
        executor = new CallExecutor("t", 1, Duration.ofMillis(50));
        CountDownLatch gateOpen = new CountDownLatch(1);
        AtomicBoolean waited = new AtomicBoolean();
        var future = executor.submit(() -> {
            waited.set(!gateOpen.await(300, TimeUnit.MILLISECONDS)); // longer than the timeout
        }, () -> "answered");
        assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo("answered");
        assertThat(waited).isTrue();
    }

    @Test
    void aFailingGateFailsTheAttemptWithoutRunningIt() {
        executor = new CallExecutor("t", 1, Duration.ofSeconds(30));
        AtomicBoolean ran = new AtomicBoolean();
        var future = executor.submit(() -> {
            throw new ModelCallException(ModelCallException.Kind.RATE_LIMITED, "no permit");
        }, () -> ran.getAndSet(true));
        assertThat(future).failsWithin(Duration.ofSeconds(30));
        assertThat(ran).isFalse();
    }
}
