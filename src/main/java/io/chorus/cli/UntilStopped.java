package io.chorus.cli;

import java.util.concurrent.CountDownLatch;

/**
 * For long-running commands: {@link #await()} blocks until Ctrl-C (or SIGTERM); the JVM's shutdown then waits until
 * the command has cleaned up ({@link #close()}), so a stop is always clean.
 */
final class UntilStopped implements AutoCloseable {

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    UntilStopped(String name) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown"));
    }

    void await() throws InterruptedException {
        stop.await();
    }

    @Override
    public void close() {
        stopped.countDown();
    }
}
