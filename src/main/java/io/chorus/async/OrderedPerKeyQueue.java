package io.chorus.async;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@link Ordering#ORDERED}: per key, entries leave in arrival order; different keys do not wait for each other.
 * A drain visits only the keys of entries that finished since the last drain.
 */
final class OrderedPerKeyQueue<V, O> implements ElementQueue<V, O> {

    private final Map<String, ArrayDeque<AsyncEntry<V, O>>> byKey = new HashMap<>();
    private final CompletionSignal<V, O> signal = new CompletionSignal<>();
    private int size;

    @Override
    public void add(AsyncEntry<V, O> entry) {
        byKey.computeIfAbsent(entry.orderKey(), k -> new ArrayDeque<>()).addLast(entry);
        size++;
        signal.watch(entry);
    }

    @Override
    public boolean canBypass(String orderKey) {
        return !byKey.containsKey(orderKey);
    }

    @Override
    public void drainTo(Consumer<AsyncEntry<V, O>> emit) {
        for (AsyncEntry<V, O> done = signal.poll(); done != null; done = signal.poll()) {
            ArrayDeque<AsyncEntry<V, O>> line = byKey.get(done.orderKey());
            if (line == null || line.peekFirst() != done) {
                continue; // an earlier entry of its key is unfinished; this one leaves with it
            }
            while (!line.isEmpty() && line.peekFirst().result().isDone()) {
                size--;
                emit.accept(line.pollFirst());
            }
            if (line.isEmpty()) {
                byKey.remove(done.orderKey());
            }
        }
    }

    @Override
    public boolean awaitCompletion(long timeout, TimeUnit unit) throws InterruptedException {
        return signal.await(timeout, unit);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void clear() {
        signal.clear();
        byKey.clear();
        size = 0;
    }
}
