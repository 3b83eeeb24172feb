package io.chorus.listening;

import io.chorus.config.ChorusConfig;
import io.chorus.model.CampaignOutcome;
import io.chorus.model.ScoredPost;
import io.chorus.serde.JsonSerde;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.chorus.stage.Port;
import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Campaign outcomes: whether a campaign's audience reacted well. Every generated reply on {@code chorus.replies} marks
 * its target post ({@value #TARGETS_STORE}, post id → campaigns and variants that replied); every later scored post whose
 * {@code replyTo} is such a post is an answer in that conversation, credited to each of those campaigns and aggregated
 * per campaign and variant ({@value #OUTCOMES_STORE}, {@code chorus.campaigns.outcomes}, {@code /api/campaigns/outcomes}).
 * An answer that arrives before the reply was generated is not credited (the join is against the replies so far).
 * Chorus never posts the replies itself: this measures the conversations around the posts its campaigns answered.
 */
public final class CampaignOutcomes implements Stage {

    public static final String TARGETS_STORE = "reply-targets";
    public static final String OUTCOMES_STORE = "campaign-outcomes";

    @Override
    public String name() {
        return "campaign-outcomes";
    }

    /** Outcomes of generated replies, when both generation and listening run. */
    @Override
    public boolean enabled(ChorusConfig config) {
        return config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED) && config.getBoolean(ChorusConfig.GENERATION_ENABLED)
                && config.getBoolean(ChorusConfig.LISTENING_ENABLED);
    }

    /** The enriched stream stands for "generation is attached" (it needs it); the answers are the scored posts. */
    @Override
    public List<Port<?>> needs() {
        return List.of(Ports.SCORED, Ports.ENRICHED_BY_AUTHOR);
    }

    @Override
    public void attach(StageContext context) {
        attach(context.builder(), context.get(Ports.SCORED), context.topics());
    }

    public static void attach(StreamsBuilder builder, KStream<String, ScoredPost> scoredByAuthor, Topics topics) {
        JsonSerde<ReplyTargets> targetsSerde = JsonSerde.of(ReplyTargets.class);
        JsonSerde<CampaignOutcome> outcomeSerde = JsonSerde.of(CampaignOutcome.class);
        KTable<String, ReplyTargets> targets = builder.stream(topics.replies.name(),
                        Consumed.with(topics.replies.keySerde(), topics.replies.valueSerde()).withName("outcome-replies-source"))
                .filter((postId, content) -> postId != null && content != null && content.campaignId() != null, Named.as("outcome-replies-valid"))
                .groupByKey(Grouped.with("outcome-replies-by-post", Serdes.String(), topics.replies.valueSerde()))
                .aggregate(ReplyTargets::empty, (postId, content, acc) -> acc.with(content), Named.as("outcome-reply-targets"),
                        Materialized.<String, ReplyTargets, KeyValueStore<Bytes, byte[]>>as(TARGETS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(targetsSerde));

        scoredByAuthor
                .filter((authorId, s) -> s.post() != null && s.post().replyTo() != null && !s.post().replyTo().isBlank(),
                        Named.as("outcome-answers"))
                .selectKey((authorId, s) -> s.post().replyTo(), Named.as("outcome-key-by-reply-to"))
                .join(targets, Answer::new, Joined.<String, ScoredPost, ReplyTargets>as("outcome-answer-join")
                        .withKeySerde(Serdes.String()).withValueSerde(topics.scored.valueSerde()))
                .flatMap((postId, answer) -> {
                    List<KeyValue<String, Answer>> out = new ArrayList<>();
                    for (ReplyTargets.Target t : answer.targets().targets()) {
                        out.add(KeyValue.pair(t.campaignId() + "|" + t.variant(), answer));
                    }
                    return out;
                }, Named.as("outcome-per-campaign"))
                .groupByKey(Grouped.with("outcome-by-campaign", Serdes.String(), JsonSerde.of(Answer.class)))
                .aggregate(CampaignOutcome::empty, (key, answer, acc) -> acc.add(key.substring(0, key.indexOf('|')),
                                key.substring(key.indexOf('|') + 1), answer.post().score(), answer.post().label()),
                        Named.as("outcome-aggregate"),
                        Materialized.<String, CampaignOutcome, KeyValueStore<Bytes, byte[]>>as(OUTCOMES_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(outcomeSerde))
                .toStream(Named.as("outcome-changes"))
                .to(topics.name(TopicId.OUTCOMES), Produced.with(Serdes.String(), outcomeSerde).withName("outcomes-sink"));
    }

    /** An audience post answering a post that campaigns replied to. */
    public record Answer(ScoredPost post, ReplyTargets targets) {
    }

}
