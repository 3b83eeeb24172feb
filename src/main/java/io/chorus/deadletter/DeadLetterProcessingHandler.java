package io.chorus.deadletter;

import io.chorus.serde.ErrorReason;
import java.util.List;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception while processing a valid record dead-letters the record's source bytes (with the processor and reason
 * in headers) and lets the stream go on, instead of killing the stream thread. In a global store's processor the
 * record is logged and skipped (the global thread cannot produce); the global-store audit dead-letters what it cannot
 * read.
 */
public final class DeadLetterProcessingHandler extends DeadLetterHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        ErrorReason reason = DeadLetters.reasonOf(exception, ErrorReason.PROCESSING_ERROR);
        if (settings().isGlobal(context.topic())) {
            LOG.warn("Global store processor {} skips record from {}-{} at offset {}: {}", context.processorNodeId(), context.topic(),
                    context.partition(), context.offset(), exception.toString());
            return Response.resume();
        }
        LOG.warn("Dead-lettering record from {}-{} at offset {} after an error in processor {}: {}", context.topic(),
                context.partition(), context.offset(), context.processorNodeId(), exception.toString());
        var headers = DeadLetters.headers(context.headers(), reason, "process:" + context.processorNodeId(), exception,
                context.topic(), context.partition(), context.offset());
        return Response.resume(List.of(DeadLetters.record(settings().topic(), context.sourceRawKey(), context.sourceRawValue(), headers,
                settings().maxRecordBytes())));
    }
}
