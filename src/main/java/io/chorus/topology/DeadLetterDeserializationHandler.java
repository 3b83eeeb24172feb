package io.chorus.topology;

import io.chorus.serde.ErrorReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that cannot be read (bad JSON, missing fields, wrong types, oversized text, unknown schema version)
 * go, unchanged, to the dead-letter topic named by {@code errors.dead.letter.queue.topic.name}, through Kafka
 * Streams' own dead-letter queue (KIP-1034: the records are produced in the task's transaction). The stream
 * resumes; nothing is dropped silently.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String dlqTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new ConfigException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topic,
                    "Chorus needs a dead-letter topic: nothing may be dropped silently");
        }
        dlqTopic = topic.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        ErrorReason reason = DeadLetters.reasonOf(exception, ErrorReason.MALFORMED_JSON);
        LOG.warn("Dead-lettering record from {}-{} at offset {}: {} ({})", record.topic(), record.partition(),
                record.offset(), reason, exception.getMessage());
        var headers = DeadLetters.headers(record.headers(), reason, "deserialize", exception,
                record.topic(), record.partition(), record.offset());
        return Response.resume(List.of(DeadLetters.record(dlqTopic, record.key(), record.value(), headers)));
    }
}
