package io.chorus.community;

import io.chorus.testing.TopologyHarness;
import io.chorus.aggregate.AggregateStage;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.TopologyDeps;
import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.EnrichedPost;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.model.SentimentStats;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the community stages in one topology: the single writer assigns profiles and re-assigns changed ones,
 * publishes communities, scored posts are enriched with their author's community (unknown authors flow as
 * unassigned), and sentiment is aggregated by community in event-time windows with late records dropped.
 */
class CommunityTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    private final ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.PROCESSING_GUARANTEE, "at_least_once",
            ChorusConfig.COMMUNITIES_BATCH_SIZE, 100, ChorusConfig.STATS_WINDOWS, "1m,1h", ChorusConfig.STATS_GRACE_MS, 60_000L));
    private final Topics topics = Topics.from(config);
    private TopologyTestDriver driver;
    private TestInputTopic<String, Profile> profiles;
    private TestInputTopic<String, Post> posts;
    private TestOutputTopic<String, CommunityAssignment> assignments;
    private TestOutputTopic<String, Community> communities;
    private TestOutputTopic<String, EnrichedPost> enriched;
    private TestOutputTopic<String, SentimentStats> stats;

    @BeforeEach
    void setUp() {
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        driver = new TopologyTestDriver(ChorusTopology.build(config, deps), TopologyHarness.properties(config), T0);
        profiles = driver.createInputTopic(topics.profiles.name(), new StringSerializer(), JsonSerde.of(Profile.class).serializer());
        posts = driver.createInputTopic(topics.posts.name(), new StringSerializer(), JsonSerde.of(Post.class).serializer());
        assignments = driver.createOutputTopic(topics.assignments.name(), new StringDeserializer(), JsonSerde.of(CommunityAssignment.class).deserializer());
        communities = driver.createOutputTopic(topics.communities.name(), new StringDeserializer(), JsonSerde.of(Community.class).deserializer());
        enriched = driver.createOutputTopic(topics.name(TopicId.ENRICHED), new StringDeserializer(), JsonSerde.of(EnrichedPost.class).deserializer());
        stats = driver.createOutputTopic(topics.name(TopicId.STATS), new StringDeserializer(), JsonSerde.of(SentimentStats.class).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void profile(String id, String bio) {
        profiles.pipeInput(id, new Profile(1, id, id, "@" + id, bio, "Somewhere", null));
    }

    private void post(String id, String author, String text, Instant at) {
        posts.pipeInput(author, new Post(1, id, author, text, at, "en", List.of(), null), at);
    }

    private Map<String, String> flushAssignments() {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        return assignments.readKeyValuesToList().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value.communityId(), (a, b) -> b));
    }

    @Test
    void assignsSimilarProfilesTogetherAndPublishesTheCommunities() {
        profile("u1", "I love video games");
        profile("u2", "game streamer every night");
        profile("u3", "I invest in index funds");
        Map<String, String> assigned = flushAssignments();

        assertThat(assigned).containsOnlyKeys("u1", "u2", "u3");
        assertThat(assigned.get("u1")).isEqualTo(assigned.get("u2")).isNotEqualTo(assigned.get("u3"));
        Map<String, Community> published = communities.readKeyValuesToList().stream()
                .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value, (a, b) -> b));
        assertThat(published).containsKeys(assigned.get("u1"), assigned.get("u3"));
        assertThat(published.get(assigned.get("u1")).size()).isEqualTo(2);
    }

    @Test
    void reassignsAProfileWhenItChanges() {
        profile("u1", "I love video games");
        profile("u3", "I invest in index funds");
        Map<String, String> first = flushAssignments();
        profile("u1", "now I mostly invest in the stock market");
        Map<String, String> second = flushAssignments();

        assertThat(second.get("u1")).isEqualTo(first.get("u3"));
    }

    @Test
    void enrichesPostsWithTheAuthorsCommunityAndKeepsUnknownAuthorsFlowing() {
        profile("u1", "I love video games");
        String gamers = flushAssignments().get("u1");

        post("p-1", "u1", "a good game", T0.plusSeconds(5));
        post("p-2", "stranger", "who am I", T0.plusSeconds(6));

        Map<String, EnrichedPost> out = enriched.readKeyValuesToList().stream()
                .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
        assertThat(out.get("p-1").communityId()).isEqualTo(gamers);
        assertThat(out.get("p-1").communityLabel()).isNotBlank();
        assertThat(out.get("p-1").profile().bio()).isEqualTo("I love video games");
        assertThat(out.get("p-2").communityId()).isEqualTo(EnrichedPost.UNASSIGNED);
        assertThat(out.get("p-2").assigned()).isFalse();
    }

    @Test
    void aggregatesSentimentByCommunityInEventTimeWindowsAndDropsLateRecords() {
        profile("u1", "I love video games");
        String gamers = flushAssignments().get("u1");

        post("p-1", "u1", "good", T0.plusSeconds(10));
        post("p-2", "u1", "bad", T0.plusSeconds(20));
        post("p-3", "u1", "good", T0.plusSeconds(70));        // next minute
        post("p-4", "u1", "good", T0.plusSeconds(600));       // advances stream time well past the first window's grace
        post("p-5", "u1", "bad", T0.plusSeconds(30));         // late: first minute closed 60 s after its end

        WindowStore<String, SentimentStats> minutes = driver.getWindowStore(AggregateStage.storeName("1m"));
        SentimentStats first = minutes.fetch(gamers, T0.toEpochMilli());
        assertThat(first.count()).isEqualTo(2);
        assertThat(first.positive()).isEqualTo(1);
        assertThat(first.negative()).isEqualTo(1);
        assertThat(first.meanScore()).isEqualTo(50.0);
        assertThat(minutes.fetch(gamers, T0.plusSeconds(60).toEpochMilli()).count()).isEqualTo(1);

        WindowStore<String, SentimentStats> hours = driver.getWindowStore(AggregateStage.storeName("1h"));
        assertThat(hours.fetch(gamers, T0.toEpochMilli()).count()).isEqualTo(5);

        List<KeyValue<String, SentimentStats>> published = stats.readKeyValuesToList();
        assertThat(published).allSatisfy(kv -> assertThat(kv.key).isEqualTo(gamers));
        assertThat(published).anySatisfy(kv -> {
            assertThat(kv.value.windowStart()).isEqualTo(T0);
            assertThat(kv.value.windowEnd()).isEqualTo(T0.plusSeconds(60));
            assertThat(kv.value.count()).isEqualTo(2);
        });
    }
}
