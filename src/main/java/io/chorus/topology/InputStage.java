package io.chorus.topology;

import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import io.chorus.config.ChorusConfig;
import io.chorus.model.Post;
import io.chorus.topics.Topics;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The posts source: {@code social.posts} with the post's own time as event time, null values dead-lettered, and
 * the configured event-time range ({@code input.from.ms}, {@code input.until.ms}) applied. Publishes {@link Ports#POSTS}.
 */
final class InputStage implements Stage {

    @Override
    public String name() {
        return "input";
    }

    @Override
    public boolean enabled(ChorusConfig config) {
        return true;
    }

    @Override
    public void attach(StageContext context) {
        Topics topics = context.topics();
        ChorusConfig config = context.config();
        KStream<String, Post> posts = context.builder().stream(topics.posts.name(),
                Consumed.with(topics.posts.keySerde(), topics.posts.valueSerde())
                        .withTimestampExtractor(new PostTimestampExtractor())
                        .withName("posts-source"));
        posts = posts.processValues(RejectNullValues::new, Named.as("reject-null-posts"));
        posts = EventTimeRange.applyTo(posts, config.getLong(ChorusConfig.INPUT_FROM_MS), config.getLong(ChorusConfig.INPUT_UNTIL_MS));
        context.publish(Ports.POSTS, posts);
    }
}
