package io.chorus.async;

/**
 * How many calls an endpoint gets at once, found from its answers instead of set by hand (AIMD, as TCP's
 * congestion window): each refused call (HTTP 429, or a timeout) halves the limit, each answered call raises it by
 * {@code 1/limit} (about one per round of calls), between 1 and {@code max}. Calls wait for a permit on the model
 * executor, never on a stream thread. Thread-safe.
 */
final class AdaptiveConcurrency {

    private final int max;
    private double limit;
    private int inUse;

    /** @param max the most calls at once (the executor's threads); the limit starts there */
    AdaptiveConcurrency(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, was " + max);
        }
        this.max = max;
        this.limit = max;
    }

    /** Waits until fewer calls than the limit are running, then counts this one. */
    synchronized void acquire() throws InterruptedException {
        while (inUse >= (int) limit) {
            wait();
        }
        inUse++;
    }

    /** Ends a call: {@code overloaded} when the endpoint refused it for load (429) or did not answer in time. */
    synchronized void release(boolean overloaded) {
        inUse = Math.max(0, inUse - 1);
        limit = overloaded ? Math.max(1.0, limit / 2) : Math.min(max, limit + 1.0 / limit);
        notifyAll();
    }

    /** The current limit (whole calls). */
    synchronized int limit() {
        return (int) limit;
    }
}
