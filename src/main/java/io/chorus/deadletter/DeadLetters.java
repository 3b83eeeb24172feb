package io.chorus.deadletter;

import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the original key and value bytes, unchanged unless too large to send (then cut, see
 * {@link #HEADER_TRUNCATED}), plus headers saying why and where.
 * The {@code __streams.errors.*} names are those Kafka Streams' own dead-letter queue (KIP-1034) writes, so tools
 * that read those work on Chorus's dead letters too; {@code chorus.error.*} add the reason code, the schema rule broken and the stage.
 */
public final class DeadLetters {

    public static final String HEADER_REASON = "chorus.error.reason";
    public static final String HEADER_STAGE = "chorus.error.stage";
    /**
     * Set when a record broke its topic's JSON Schema: the field path and the rule, e.g.
     * {@code text: maxLength 10000 (input.max.text.chars)} (see {@link io.chorus.serde.JsonSchemaCheck}).
     */
    public static final String HEADER_VIOLATION = "chorus.error.violation";
    public static final String HEADER_EXCEPTION = "__streams.errors.exception";
    public static final String HEADER_MESSAGE = "__streams.errors.message";
    public static final String HEADER_TOPIC = "__streams.errors.topic";
    public static final String HEADER_PARTITION = "__streams.errors.partition";
    public static final String HEADER_OFFSET = "__streams.errors.offset";
    /** Set when a dead letter was cut to fit the size limit: the original key and value sizes, e.g. {@code key=12,value=1048600}. */
    public static final String HEADER_TRUNCATED = "chorus.error.truncated";
    /** Longest error message kept in a header: messages may quote input, and headers count towards the size limit. */
    static final int MAX_MESSAGE_CHARS = 2_000;
    /** Longest key kept in a cut dead letter. */
    static final int MAX_TRUNCATED_KEY_BYTES = 1_024;

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

    /** The schema violation ({@code path: rule}) carried by an {@link InvalidRecordException} in the chain, or null. */
    public static String violationOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidRecordException ire) {
                return ire.violation();
            }
        }
        return null;
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
        String violation = violationOf(error);
        if (violation != null) {
            put(headers, HEADER_VIOLATION, bounded(violation));
        }
        put(headers, HEADER_STAGE, stage);
        put(headers, HEADER_EXCEPTION, error == null ? "" : error.getClass().getName());
        put(headers, HEADER_MESSAGE, bounded(error == null || error.getMessage() == null ? reason.name() : error.getMessage()));
        put(headers, HEADER_TOPIC, topic == null ? "" : topic);
        put(headers, HEADER_PARTITION, Integer.toString(partition));
        put(headers, HEADER_OFFSET, Long.toString(offset));
        return headers;
    }

    /** A dead letter of at most the default limit ({@link DeadLetterSettings#DEFAULT_MAX_REQUEST_BYTES} less header room). */
    public static ProducerRecord<byte[], byte[]> record(String dlqTopic, byte[] key, byte[] value, Headers headers) {
        return record(dlqTopic, key, value, headers, DeadLetterSettings.DEFAULT_MAX_REQUEST_BYTES - DeadLetterSettings.HEADER_ROOM_BYTES);
    }

    /**
     * A dead letter whose key, value and headers together stay within {@code maxBytes}: if they would not, the value
     * (then the key) is cut to its first bytes and {@link #HEADER_TRUNCATED} records the original sizes, so the dead
     * letter can always be sent and still says which record it was (the coordinate headers). The timestamp is left to
     * the producer (now): the source's may be missing (-1), which a producer record refuses.
     */
    public static ProducerRecord<byte[], byte[]> record(String dlqTopic, byte[] key, byte[] value, Headers headers, int maxBytes) {
        int keyBytes = key == null ? 0 : key.length;
        int valueBytes = value == null ? 0 : value.length;
        int headerBytes = 0;
        for (Header h : headers) {
            headerBytes += h.key().length() + (h.value() == null ? 0 : h.value().length) + 8;
        }
        int room = maxBytes - headerBytes - 64;
        if (keyBytes + valueBytes <= room) {
            return new ProducerRecord<>(dlqTopic, null, null, key, value, headers);
        }
        byte[] cutKey = keyBytes > MAX_TRUNCATED_KEY_BYTES ? Arrays.copyOf(key, MAX_TRUNCATED_KEY_BYTES) : key;
        int valueRoom = Math.max(0, room - (cutKey == null ? 0 : cutKey.length));
        byte[] cutValue = value == null ? null : Arrays.copyOf(value, Math.min(valueBytes, valueRoom));
        put(headers, HEADER_TRUNCATED, "key=" + keyBytes + ",value=" + valueBytes);
        return new ProducerRecord<>(dlqTopic, null, null, cutKey, cutValue, headers);
    }

    private static String bounded(String message) {
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...";
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
