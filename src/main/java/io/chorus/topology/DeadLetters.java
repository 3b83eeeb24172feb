package io.chorus.topology;

import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the original key and value bytes, unchanged, plus headers saying why and where.
 * The {@code __streams.errors.*} names are those Kafka Streams' own dead-letter queue (KIP-1034) writes, so tools
 * that read those work on Chorus's dead letters too; {@code chorus.error.*} add the reason code and stage.
 */
public final class DeadLetters {

    public static final String HEADER_REASON = "chorus.error.reason";
    public static final String HEADER_STAGE = "chorus.error.stage";
    public static final String HEADER_EXCEPTION = "__streams.errors.exception";
    public static final String HEADER_MESSAGE = "__streams.errors.message";
    public static final String HEADER_TOPIC = "__streams.errors.topic";
    public static final String HEADER_PARTITION = "__streams.errors.partition";
    public static final String HEADER_OFFSET = "__streams.errors.offset";

    private DeadLetters() {
    }

    /** The reason code of an exception: its own for {@link InvalidRecordException}, else {@code fallback}. */
    public static ErrorReason reasonOf(Throwable e, ErrorReason fallback) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidRecordException ire) {
                return ire.reason();
            }
        }
        return fallback;
    }

    /** Headers for a dead letter; {@code original} headers (may be null) are kept, so provenance survives. */
    public static Headers headers(Headers original, ErrorReason reason, String stage, Throwable error,
                                  String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            original.forEach(h -> {
                if (!h.key().startsWith("__streams.errors.") && !h.key().startsWith("chorus.error.")) {
                    headers.add(h);
                }
            });
        }
        put(headers, HEADER_REASON, reason.name());
        put(headers, HEADER_STAGE, stage);
        put(headers, HEADER_EXCEPTION, error == null ? "" : error.getClass().getName());
        put(headers, HEADER_MESSAGE, error == null || error.getMessage() == null ? reason.name() : error.getMessage());
        put(headers, HEADER_TOPIC, topic == null ? "" : topic);
        put(headers, HEADER_PARTITION, Integer.toString(partition));
        put(headers, HEADER_OFFSET, Long.toString(offset));
        return headers;
    }

    public static ProducerRecord<byte[], byte[]> record(String dlqTopic, byte[] key, byte[] value, Headers headers) {
        return new ProducerRecord<>(dlqTopic, null, null, key, value, headers);
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a header as UTF-8 text, or null. */
    public static String header(Headers headers, String key) {
        var h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
