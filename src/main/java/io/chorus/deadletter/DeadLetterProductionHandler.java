package io.chorus.deadletter;

import io.chorus.serde.ErrorReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outputs that cannot be sent. An output that cannot be serialized, including one the serde refuses as over the
 * output limit ({@code JsonSerde.MAX_OUTPUT_BYTES}), dead-letters the source record with the reason and the intended
 * destination: this is the path that holds under exactly-once, because nothing oversized ever reaches the producer.
 *
 * <p>An output the producer or broker still refuses as too large (bytes written by another serde, a broker limit below
 * 1 MiB) becomes a dead letter cut to fit: its first bytes, its destination, the source coordinates and reason
 * {@code TOO_LARGE} in headers and the original sizes in {@link DeadLetters#HEADER_TRUNCATED}; a dead letter refused
 * although already cut is logged and skipped, so the handler never loops. With at_least_once that saves the stream;
 * with exactly_once_v2 the producer has already put the transaction in an abortable error state, so the edge caps and
 * the serializer limit are what must prevent it. Any other send error keeps Kafka Streams' default (fail), since
 * retrying or skipping it could hide a broken cluster.
 */
public final class DeadLetterProductionHandler extends DeadLetterHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
    /** Header naming the topic a refused output was meant for. */
    public static final String HEADER_DESTINATION = "chorus.error.destination";

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return Response.fail();
        }
        boolean isDeadLetter = settings().topic().equals(record.topic());
        if (isDeadLetter && record.headers().lastHeader(DeadLetters.HEADER_TRUNCATED) != null) {
            LOG.error("A dead letter for {}-{} at offset {} was refused as too large although already cut to {} bytes; skipped: {}",
                    context.topic(), context.partition(), context.offset(), settings().maxRecordBytes(), exception.toString());
            return Response.resume();
        }
        LOG.warn("Output to {} from {}-{} at offset {} is too large ({}); dead-lettering it cut to at most {} bytes", record.topic(),
                context.topic(), context.partition(), context.offset(), exception.getMessage(), limit(isDeadLetter));
        var headers = DeadLetters.headers(record.headers(), ErrorReason.TOO_LARGE, "produce:" + record.topic(), exception,
                context.topic(), context.partition(), context.offset());
        headers.add(HEADER_DESTINATION, record.topic().getBytes(StandardCharsets.UTF_8));
        return Response.resume(List.of(DeadLetters.record(settings().topic(), record.key(), record.value(), headers, limit(isDeadLetter))));
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        LOG.warn("Output to {} from {}-{} at offset {} cannot be serialized ({} {}); dead-lettering the source record", record.topic(),
                context.topic(), context.partition(), context.offset(), origin, exception.toString());
        var headers = DeadLetters.headers(context.headers(), DeadLetters.reasonOf(exception, ErrorReason.PROCESSING_ERROR),
                "serialize:" + record.topic(), exception, context.topic(), context.partition(), context.offset());
        headers.add(HEADER_DESTINATION, record.topic().getBytes(StandardCharsets.UTF_8));
        return Response.resume(List.of(DeadLetters.record(settings().topic(), context.sourceRawKey(), context.sourceRawValue(), headers,
                settings().maxRecordBytes())));
    }

    /** A refused dead letter is cut harder: whatever made it too large (large headers, a lower broker limit) must not recur. */
    private int limit(boolean isDeadLetter) {
        return isDeadLetter ? Math.max(1024, settings().maxRecordBytes() / 4) : settings().maxRecordBytes();
    }
}
