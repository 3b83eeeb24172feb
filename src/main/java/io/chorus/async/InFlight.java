package io.chorus.async;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A request in flight, as saved in the changelogged in-flight store in the same transaction as its input
 * offset; on restart or task migration every saved request is issued again.
 *
 * @param seq     arrival order within the task, so re-issued requests keep their order
 * @param value   the input value as JSON
 * @param headers the input record's headers, values base64-encoded
 */
public record InFlight(Integer schemaVersion, String requestId, long seq, String key, JsonNode value, long timestamp,
                       List<HeaderValue> headers, String sourceTopic, int sourcePartition, long sourceOffset)
        implements io.chorus.model.Versioned {

    /** One record header. */
    public record HeaderValue(String key, String base64) {
    }
}
