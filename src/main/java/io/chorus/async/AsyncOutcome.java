package io.chorus.async;

import io.chorus.serde.ErrorReason;

/**
 * What the async processor emits, on the stream thread, with the input record's timestamp and headers: a
 * result, a failure for the dead-letter topic, or an answer to persist in the response cache.
 */
public sealed interface AsyncOutcome<V, O> {

    /** A parsed output. */
    record Result<V, O>(String requestId, O value, ModelAnswer answer) implements AsyncOutcome<V, O> {
    }

    /** A call that failed for good; {@code input} goes to the dead-letter topic with the reason. */
    record Failure<V, O>(String requestId, V input, ErrorReason reason, String message, int attempts, SourcePosition source)
            implements AsyncOutcome<V, O> {
    }

    /** A fresh answer to write to the persistent cache. */
    record CacheWrite<V, O>(String cacheKey, ModelAnswer answer) implements AsyncOutcome<V, O> {
    }
}
