package io.chorus.async;

import java.util.Optional;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an input record was read: the coordinates a dead letter names so that a user can find the original.
 *
 * @param topic     source topic, or null when the record was not read from a topic (e.g. forwarded by a punctuator)
 * @param partition source partition, or -1
 * @param offset    source offset, or -1
 */
public record SourcePosition(String topic, int partition, long offset) {

    /** A record with no source topic. */
    public static final SourcePosition UNKNOWN = new SourcePosition(null, -1, -1L);

    /** The position of the record being processed, from its metadata when there is any. */
    public static SourcePosition of(Optional<RecordMetadata> metadata) {
        return metadata.map(m -> new SourcePosition(m.topic(), m.partition(), m.offset())).orElse(UNKNOWN);
    }
}
