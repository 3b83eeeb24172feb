package io.chorus.async;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Entries whose futures completed, in completion order: filled from any thread, consumed on the stream thread.
 * Lets a queue visit only what finished since the last drain.
 */
final class CompletionSignal<V, O> {

    private final LinkedBlockingQueue<AsyncEntry<V, O>> completed = new LinkedBlockingQueue<>();
    private final Deque<AsyncEntry<V, O>> taken = new ArrayDeque<>();
    /** Bumped by {@link #clear}: completions of entries from before it are ignored. */
    private volatile long generation;

    /** Signals {@code entry} when its future completes. */
    void watch(AsyncEntry<V, O> entry) {
        long g = generation;
        entry.result().whenComplete((r, e) -> {
            if (g == generation) {
                completed.add(entry);
            }
        });
    }

    /** The next finished entry, or null. */
    AsyncEntry<V, O> poll() {
        AsyncEntry<V, O> e = taken.pollFirst();
        return e != null ? e : completed.poll();
    }

    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        if (!taken.isEmpty() || !completed.isEmpty()) {
            return true;
        }
        AsyncEntry<V, O> e = completed.poll(timeout, unit);
        if (e == null) {
            return false;
        }
        taken.addLast(e);
        return true;
    }

    void clear() {
        generation++;
        completed.clear();
        taken.clear();
    }
}
