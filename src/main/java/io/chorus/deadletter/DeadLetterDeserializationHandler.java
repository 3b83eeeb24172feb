package io.chorus.deadletter;

import io.chorus.serde.ErrorReason;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that cannot be read (bad JSON, missing fields, wrong types, oversized text or record, unknown schema version)
 * go to the dead-letter topic named by {@code errors.dead.letter.queue.topic.name}, through Kafka Streams' own
 * dead-letter queue (KIP-1034: the records are produced in the task's transaction); a record too large to send as a
 * dead letter is cut to fit, with its original sizes in a header. The stream resumes; nothing is dropped silently.
 *
 * <p>On a topic read by a global store the global thread cannot produce (it has no record collector), so there the
 * record is only logged and skipped; the global-store audit application reads the same topic as a regular stream
 * and dead-letters it, once.
 */
public final class DeadLetterDeserializationHandler extends DeadLetterHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        ErrorReason reason = DeadLetters.reasonOf(exception, ErrorReason.MALFORMED_JSON);
        if (settings().isGlobal(record.topic())) {
            LOG.warn("Global store skips unreadable record from {}-{} at offset {}: {} ({}); the global-store audit dead-letters it",
                    record.topic(), record.partition(), record.offset(), reason, exception.getMessage());
            return Response.resume();
        }
        LOG.warn("Dead-lettering record from {}-{} at offset {}: {} ({})", record.topic(), record.partition(),
                record.offset(), reason, exception.getMessage());
        var headers = DeadLetters.headers(record.headers(), reason, "deserialize", exception,
                record.topic(), record.partition(), record.offset());
        return Response.resume(List.of(DeadLetters.record(settings().topic(), record.key(), record.value(), headers,
                settings().maxRecordBytes())));
    }
}
