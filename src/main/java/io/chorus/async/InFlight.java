package io.chorus.async;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * An input waiting for its outcome, as saved in the changelogged in-flight store in the same transaction as its
 * input offset; on restart or task migration every saved input is issued again. Saved under {@link #storeKey}
 * of its sequence number, unique per input in the task (two inputs with the same post id have two entries).
 *
 * @param requestId the deterministic id of the question (input id, use, prompt version, model), for provenance
 * @param seq       arrival order within the task, so re-issued requests keep their order
 * @param value     the input value: the input object itself when saved (written by its own serializer, in the same
 *                  pass as the entry, instead of first copied into a JSON tree), a {@link JsonNode} when read back;
 *                  the bytes are the same either way
 * @param headers   the input record's headers, values base64-encoded
 */
public record InFlight(Integer schemaVersion, String requestId, long seq, String key,
                       @JsonDeserialize(as = JsonNode.class) Object value, long timestamp,
                       List<HeaderValue> headers, String sourceTopic, int sourcePartition, long sourceOffset)
        implements io.chorus.serde.Versioned {

    /** One record header. */
    public record HeaderValue(String key, String base64) {
    }

    /** The in-flight store key of sequence number {@code seq}: zero-padded, so stores iterate in arrival order. */
    public static String storeKey(long seq) {
        return String.format("%019d", seq);
    }

    /** Where the input was read. */
    public SourcePosition source() {
        return new SourcePosition(sourceTopic, sourcePartition, sourceOffset);
    }
}
