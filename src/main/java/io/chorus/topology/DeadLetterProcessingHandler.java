package io.chorus.topology;

import io.chorus.serde.ErrorReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An unexpected exception while processing a valid record dead-letters the record's source bytes (with the
 * processor and reason in headers) and lets the stream go on, instead of killing the stream thread.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

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
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        ErrorReason reason = DeadLetters.reasonOf(exception, ErrorReason.PROCESSING_ERROR);
        LOG.warn("Dead-lettering record from {}-{} at offset {} after an error in processor {}: {}", context.topic(),
                context.partition(), context.offset(), context.processorNodeId(), exception.toString());
        var headers = DeadLetters.headers(context.headers(), reason, "process:" + context.processorNodeId(), exception,
                context.topic(), context.partition(), context.offset());
        return Response.resume(List.of(DeadLetters.record(dlqTopic, context.sourceRawKey(), context.sourceRawValue(), headers)));
    }
}
