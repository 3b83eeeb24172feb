package io.chorus.topology;

import io.chorus.model.Post;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Keeps only posts whose event time lies in [from, until) — the period a replay covers. With no bounds
 * (both -1) nothing is added to the topology, so production topologies are unchanged.
 */
final class EventTimeRange extends ContextualFixedKeyProcessor<String, Post, Post> {

    private final long from;
    private final long until;

    EventTimeRange(long from, long until) {
        this.from = from;
        this.until = until;
    }

    static KStream<String, Post> applyTo(KStream<String, Post> posts, long from, long until) {
        if (from < 0 && until < 0) {
            return posts;
        }
        return posts.processValues(() -> new EventTimeRange(from, until), Named.as("replay-time-range"));
    }

    @Override
    public void process(FixedKeyRecord<String, Post> record) {
        long t = record.timestamp();
        if ((from < 0 || t >= from) && (until < 0 || t < until)) {
            context().forward(record);
        }
    }
}
