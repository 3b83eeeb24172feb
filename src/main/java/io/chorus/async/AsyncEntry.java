package io.chorus.async;

import io.chorus.llm.ChatRequest;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One input held by an async processor until its outcome is emitted. The entry is saved in the in-flight store
 * under {@link InFlight#storeKey(long)} of {@code seq} before it is queued, and deleted when its outcome is emitted.
 *
 * @param seq       arrival order in the task, unique per input
 * @param requestId deterministic id of the question, for provenance and dead-letter headers
 * @param record    the input, with a private copy of its headers
 * @param source    where the input was read
 * @param request   the rendered prompt
 * @param cacheKey  key of the answer in the response cache
 * @param result    completes when the answer is parsed (or the call failed for good); incomplete until then,
 *                  including while the entry waits to be issued
 */
record AsyncEntry<V, O>(long seq, String requestId, Record<String, V> record, SourcePosition source, ChatRequest request,
                        String cacheKey, CompletableFuture<ModelGateway.Completed<O>> result) {

    /** The key results are ordered by in {@link Ordering#ORDERED} mode. */
    String orderKey() {
        return record.key() == null ? "" : record.key();
    }

    String storeKey() {
        return InFlight.storeKey(seq);
    }
}
