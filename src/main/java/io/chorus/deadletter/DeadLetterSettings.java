package io.chorus.deadletter;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What every dead-letter handler needs, read once from the Kafka Streams configuration it is given.
 *
 * @param topic          the dead-letter topic ({@code errors.dead.letter.queue.topic.name}); required
 * @param globalTopics   topics read by global stores: the global thread cannot send dead letters, so records from these
 *                       are only logged there (a regular audit sub-application dead-letters them once)
 * @param maxRecordBytes the largest dead letter (key, value and headers) the handlers produce; larger ones are cut
 */
public record DeadLetterSettings(String topic, Set<String> globalTopics, int maxRecordBytes) {

    /** Comma-separated names of the topics read by global stores (a Chorus key passed through the streams properties). */
    public static final String GLOBAL_TOPICS_CONFIG = "chorus.deadletter.global.topics";
    /** The largest dead letter in bytes (a Chorus key passed through the streams properties). */
    public static final String MAX_RECORD_BYTES_CONFIG = "chorus.deadletter.max.record.bytes";
    /** Room kept below the producer's {@code max.request.size} for headers, record and batch overhead. */
    public static final int HEADER_ROOM_BYTES = 16 * 1024;
    /** Kafka's default {@code max.request.size}. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    public static DeadLetterSettings from(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new ConfigException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topic,
                    "Chorus needs a dead-letter topic: nothing may be dropped silently");
        }
        Object globals = configs.get(GLOBAL_TOPICS_CONFIG);
        Set<String> globalTopics = globals == null ? Set.of() : Arrays.stream(globals.toString().split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        Object max = configs.get(MAX_RECORD_BYTES_CONFIG);
        int maxBytes = max == null ? DEFAULT_MAX_REQUEST_BYTES - HEADER_ROOM_BYTES : Integer.parseInt(max.toString().trim());
        if (maxBytes < 1024) {
            throw new ConfigException(MAX_RECORD_BYTES_CONFIG, max, "a dead letter needs at least 1024 bytes");
        }
        return new DeadLetterSettings(topic.toString(), globalTopics, maxBytes);
    }

    /** Whether {@code sourceTopic} feeds a global store (whose thread cannot produce dead letters). */
    public boolean isGlobal(String sourceTopic) {
        return sourceTopic != null && globalTopics.contains(sourceTopic);
    }
}
