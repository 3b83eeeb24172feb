package io.chorus.sentiment;

import io.chorus.stage.Port;
import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import io.chorus.config.ChorusConfig;
import io.chorus.topics.Topics;
import java.util.List;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/** Writes the scored posts (with emotions when enabled) to {@code chorus.posts.scored}, keyed by post id. */
public final class ScoredOutputStage implements Stage {

    @Override
    public String name() {
        return "scored-output";
    }

    @Override
    public boolean enabled(ChorusConfig config) {
        return true;
    }

    @Override
    public List<Port<?>> needs() {
        return List.of(Ports.SCORED);
    }

    @Override
    public void attach(StageContext context) {
        Topics topics = context.topics();
        context.get(Ports.SCORED).selectKey((authorId, s) -> s.postId(), Named.as("key-by-post-id"))
                .to(topics.scored.name(), Produced.with(topics.scored.keySerde(), topics.scored.valueSerde()).withName("scored-sink"));
    }
}
