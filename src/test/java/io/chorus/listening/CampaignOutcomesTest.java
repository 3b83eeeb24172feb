package io.chorus.listening;

import io.chorus.testing.TopologyHarness;
import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.model.CampaignOutcome;
import io.chorus.model.ContentType;
import io.chorus.model.GeneratedContent;
import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import io.chorus.model.SentimentLabel;
import io.chorus.serde.JsonSerde;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves audience answers are credited to the campaigns (and variants) that replied to the post they answer, and only to them. */
class CampaignOutcomesTest {

    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
    private TopologyDriverFixture fixture;

    /** The outcomes sub-topology alone, fed scored posts and generated replies. */
    private static final class TopologyDriverFixture {
        final TopologyTestDriver driver;
        final TestInputTopic<String, ScoredPost> scored;
        final TestInputTopic<String, GeneratedContent> replies;

        TopologyDriverFixture() {
            ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.BOOTSTRAP_SERVERS, "unused:9092"));
            Topics topics = Topics.from(config);
            StreamsBuilder builder = new StreamsBuilder();
            var source = builder.stream("scored-by-author-test", Consumed.with(Serdes.String(), JsonSerde.of(ScoredPost.class)));
            CampaignOutcomes.attach(builder, source, topics);
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "outcomes-test");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            driver = new TopologyTestDriver(builder.build(), TopologyHarness.withOwnStateDir(p));
            scored = driver.createInputTopic("scored-by-author-test", Serdes.String().serializer(), JsonSerde.of(ScoredPost.class).serializer());
            replies = driver.createInputTopic(TopicId.REPLIES.defaultName(), Serdes.String().serializer(),
                    JsonSerde.of(GeneratedContent.class).serializer());
        }
    }

    @BeforeEach
    void start() {
        fixture = new TopologyDriverFixture();
    }

    @AfterEach
    void stop() {
        fixture.driver.close();
    }

    private static GeneratedContent reply(String targetPost, String campaign, String promptVersion) {
        return new GeneratedContent(1, "r-" + targetPost + campaign, targetPost, "author", "c1", campaign, ContentType.REPLY, "text [AI]",
                "bridge", null, "offline", promptVersion, true, 0, 0, 0, 0, false, 60.0, T);
    }

    private static ScoredPost answer(String id, String replyTo, double score) {
        Post p = new Post(1, id, "fan-" + id, "answer", T.plusSeconds(60), "en", List.of(), replyTo);
        return new ScoredPost(1, id, p.authorId(), p, score, score < 40 ? SentimentLabel.NEGATIVE : score > 60 ? SentimentLabel.POSITIVE
                : SentimentLabel.NEUTRAL, "test", T);
    }

    private CampaignOutcome outcome(String campaign, String variant) {
        KeyValueStore<String, CampaignOutcome> store = fixture.driver.getKeyValueStore(CampaignOutcomes.OUTCOMES_STORE);
        return store.get(campaign + "|" + variant);
    }

    @Test
    void creditsAnswersToTheCampaignThatRepliedPerVariant() {
        fixture.replies.pipeInput("p1", reply("p1", "camp-a", "reply-v2"));
        fixture.replies.pipeInput("p2", reply("p2", "camp-a", "reply-v3"));
        fixture.scored.pipeInput("fan-1", answer("a1", "p1", 80));
        fixture.scored.pipeInput("fan-2", answer("a2", "p1", 20));
        fixture.scored.pipeInput("fan-3", answer("a3", "p2", 90));

        CampaignOutcome v2 = outcome("camp-a", "reply-v2/offline");
        assertThat(v2.replies()).isEqualTo(2);
        assertThat(v2.meanScore()).isEqualTo(50.0);
        assertThat(v2.positive()).isEqualTo(1);
        assertThat(v2.negative()).isEqualTo(1);
        assertThat(outcome("camp-a", "reply-v3/offline").replies()).isEqualTo(1);
    }

    @Test
    void creditsEveryCampaignThatRepliedToTheSamePost() {
        fixture.replies.pipeInput("p1", reply("p1", "camp-a", "reply-v2"));
        fixture.replies.pipeInput("p1", reply("p1", "camp-b", "reply-v2"));
        fixture.scored.pipeInput("fan-1", answer("a1", "p1", 70));

        assertThat(outcome("camp-a", "reply-v2/offline").replies()).isEqualTo(1);
        assertThat(outcome("camp-b", "reply-v2/offline").replies()).isEqualTo(1);
    }

    @Test
    void ignoresAnswersToPostsNoCampaignRepliedToAndAnswersThatCameFirst() {
        fixture.scored.pipeInput("fan-0", answer("a0", "p1", 10));
        fixture.replies.pipeInput("p1", reply("p1", "camp-a", "reply-v2"));
        fixture.scored.pipeInput("fan-1", answer("a1", "p9", 10));
        fixture.scored.pipeInput("fan-2", answer("a2", null, 10));

        assertThat(outcome("camp-a", "reply-v2/offline")).isNull();
    }
}
