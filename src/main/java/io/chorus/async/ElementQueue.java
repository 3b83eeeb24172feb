package io.chorus.async;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The entries of one async processor between arrival and emission, and the order in which finished ones may
 * leave (after Flink's {@code StreamElementQueue}). Completions are signalled by the entries' futures from any
 * thread; everything else runs on the stream thread. No implementation scans the whole queue to drain it.
 */
interface ElementQueue<V, O> {

    /** The queue of an ordering mode. */
    static <V, O> ElementQueue<V, O> of(Ordering ordering) {
        return switch (ordering) {
            case ORDERED -> new OrderedPerKeyQueue<>();
            case UNORDERED -> new UnorderedQueue<>();
        };
    }

    /** Holds {@code entry} until it is finished and may leave. */
    void add(AsyncEntry<V, O> entry);

    /** Whether an already-finished result for {@code orderKey} may leave at once, without being queued. */
    boolean canBypass(String orderKey);

    /** Hands every entry that is finished and may leave to {@code emit}, in the order the mode requires. */
    void drainTo(Consumer<AsyncEntry<V, O>> emit);

    /** Waits up to {@code timeout} for some entry to finish; true if one did. */
    boolean awaitCompletion(long timeout, TimeUnit unit) throws InterruptedException;

    /** Entries held. */
    int size();

    /** Forgets every entry (they stay in the in-flight store). */
    void clear();
}
