package io.chorus.async;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@link Ordering#UNORDERED}: every entry leaves as soon as it finishes. */
final class UnorderedQueue<V, O> implements ElementQueue<V, O> {

    private final CompletionSignal<V, O> signal = new CompletionSignal<>();
    private int size;

    @Override
    public void add(AsyncEntry<V, O> entry) {
        size++;
        signal.watch(entry);
    }

    @Override
    public boolean canBypass(String orderKey) {
        return true;
    }

    @Override
    public void drainTo(Consumer<AsyncEntry<V, O>> emit) {
        for (AsyncEntry<V, O> e = signal.poll(); e != null; e = signal.poll()) {
            size--;
            emit.accept(e);
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
        size = 0;
    }
}
