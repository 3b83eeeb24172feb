package io.chorus.topology;

import io.chorus.model.Post;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a post is when its author wrote it ({@code createdAt}); records without it keep the Kafka record
 * timestamp. Windows and replays therefore follow the feed's own time, not the time Chorus read it.
 */
public final class PostTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Post post && post.createdAt() != null) {
            return post.createdAt().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
