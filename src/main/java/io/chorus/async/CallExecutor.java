package io.chorus.async;

import io.chorus.llm.ModelCallException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs blocking attempts on a bounded pool of daemon threads, each under a watchdog: an attempt that outlasts the
 * timeout fails with a retriable TIMEOUT and its thread is interrupted. The caller's thread only submits.
 */
final class CallExecutor implements AutoCloseable {

    /** One blocking attempt. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws Exception;
    }

    /** Runs on the pool before the attempt, outside its timeout (e.g. waiting for a rate-limit permit). */
    @FunctionalInterface
    interface Gate {
        void pass() throws Exception;
    }

    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    private final Duration timeout;

    CallExecutor(String name, int threads, Duration timeout) {
        this.pool = Executors.newFixedThreadPool(threads, daemon("chorus-model-" + name));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("chorus-model-timer"));
        this.timeout = timeout;
    }

    /** The scheduler of watchdogs, shared with retry backoffs. */
    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Runs {@code gate}, then {@code attempt}, on the pool; the future fails with TIMEOUT if the attempt gives no
     * result within the timeout.
     */
    <T> CompletableFuture<T> submit(Gate gate, Attempt<T> attempt) {
        CompletableFuture<T> future = new CompletableFuture<>();
        pool.execute(() -> {
            try {
                gate.pass();
            } catch (InterruptedException e) {
                // only close() interrupts a waiting gate now; still, waiting was cut short, not the call refused
                future.completeExceptionally(new ModelCallException(ModelCallException.Kind.TIMEOUT, -1,
                        "interrupted while waiting for a permit", null, e));
                Thread.interrupted();
                return;
            } catch (Throwable t) {
                future.completeExceptionally(t);
                Thread.interrupted();
                return;
            }
            Thread worker = Thread.currentThread();
            // The watchdog interrupts the worker only while it still runs this attempt: an interrupt that landed
            // after the attempt ended would hit the next call this thread runs (its gate threw InterruptedException
            // and that call was dead-lettered as non-retriable).
            boolean[] running = {true};
            var watchdog = scheduler.schedule(() -> {
                if (future.completeExceptionally(new ModelCallException(ModelCallException.Kind.TIMEOUT, -1,
                        "no answer within " + timeout.toMillis() + " ms", null, null))) {
                    synchronized (running) {
                        if (running[0]) {
                            worker.interrupt();
                        }
                    }
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                future.complete(attempt.run());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            } finally {
                synchronized (running) {
                    running[0] = false;
                }
                watchdog.cancel(false);
                Thread.interrupted(); // never hand an interrupted thread back to the pool
            }
        });
        return future;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        pool.shutdownNow();
        scheduler.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
