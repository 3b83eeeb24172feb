package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.llm.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** Proves the two ordering strategies alone: per-key input order, and completion order. */
class ElementQueueTest {

    private long seq;

    private AsyncEntry<String, String> entry(String key) {
        return new AsyncEntry<>(seq++, "r", new Record<>(key, "v", 0L), SourcePosition.UNKNOWN, ChatRequest.of(null, "q"), "c",
                new CompletableFuture<>());
    }

    private static void finish(AsyncEntry<String, String> e) {
        e.result().complete(new ModelGateway.Completed<>("o", ModelAnswer.fromCache("t", "m", 0, 0)));
    }

    private static List<Long> drain(ElementQueue<String, String> q) {
        List<Long> out = new ArrayList<>();
        q.drainTo(e -> out.add(e.seq()));
        return out;
    }

    @Test
    void orderedHoldsALaterEntryBehindAnUnfinishedOneOfTheSameKey() {
        ElementQueue<String, String> q = ElementQueue.of(Ordering.ORDERED);
        var a1 = entry("a");
        var a2 = entry("a");
        var b1 = entry("b");
        List.of(a1, a2, b1).forEach(q::add);
        finish(a2);
        finish(b1);
        assertThat(drain(q)).containsExactly(b1.seq());
        assertThat(q.canBypass("a")).isFalse();
        finish(a1);
        assertThat(drain(q)).containsExactly(a1.seq(), a2.seq());
        assertThat(q.size()).isZero();
        assertThat(q.canBypass("a")).isTrue();
    }

    @Test
    void unorderedEmitsInCompletionOrder() {
        ElementQueue<String, String> q = ElementQueue.of(Ordering.UNORDERED);
        var a1 = entry("a");
        var a2 = entry("a");
        q.add(a1);
        q.add(a2);
        finish(a2);
        assertThat(drain(q)).containsExactly(a2.seq());
        finish(a1);
        assertThat(drain(q)).containsExactly(a1.seq());
        assertThat(q.size()).isZero();
    }

    @Test
    void aClearedQueueIgnoresLaterCompletions() {
        ElementQueue<String, String> q = ElementQueue.of(Ordering.ORDERED);
        var a1 = entry("a");
        q.add(a1);
        q.clear();
        finish(a1);
        assertThat(drain(q)).isEmpty();
        assertThat(q.size()).isZero();
    }
}
