package io.chorus.community;

import io.chorus.testing.TopologyHarness;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.TopologyDeps;
import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.EnrichedPost;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves re-enrichment: a post from an author without a community is enriched as unassigned, kept, and written
 * again with the author's community (and the {@code chorus.reenriched} header) once the author is assigned; the
 * kept posts are bounded; with the setting off nothing is written again.
 */
class ReenrichTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, Profile> profiles;
    private TestInputTopic<String, Post> posts;
    private TestOutputTopic<String, CommunityAssignment> assignments;
    private TestOutputTopic<String, EnrichedPost> enriched;

    private void start(boolean reenrich, int maxPosts) {
        Map<String, Object> settings = new HashMap<>(Map.of(ChorusConfig.PROCESSING_GUARANTEE, "at_least_once",
                ChorusConfig.COMMUNITIES_BATCH_SIZE, 100, ChorusConfig.STATS_WINDOWS, "1m", ChorusConfig.STATS_GRACE_MS, 60_000L,
                ChorusConfig.ENRICHMENT_REENRICH_ENABLED, reenrich, ChorusConfig.ENRICHMENT_REENRICH_MAX_POSTS, maxPosts));
        ChorusConfig config = new ChorusConfig(settings);
        Topics topics = Topics.from(config);
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        driver = new TopologyTestDriver(ChorusTopology.build(config, deps), TopologyHarness.properties(config), T0);
        profiles = driver.createInputTopic(topics.profiles.name(), new StringSerializer(), JsonSerde.of(Profile.class).serializer());
        posts = driver.createInputTopic(topics.posts.name(), new StringSerializer(), JsonSerde.of(Post.class).serializer());
        assignments = driver.createOutputTopic(topics.assignments.name(), new StringDeserializer(), JsonSerde.of(CommunityAssignment.class).deserializer());
        enriched = driver.createOutputTopic(topics.name(TopicId.ENRICHED), new StringDeserializer(), JsonSerde.of(EnrichedPost.class).deserializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    private void profile(String id, String bio) {
        profiles.pipeInput(id, new Profile(1, id, id, "@" + id, bio, "Somewhere", null));
    }

    private void post(String id, String author, String text, Instant at) {
        posts.pipeInput(author, new Post(1, id, author, text, at, "en", List.of(), null), at);
    }

    private String flushAssignment(String author) {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        return assignments.readKeyValuesToList().stream().filter(kv -> kv.key.equals(author)).reduce((a, b) -> b)
                .orElseThrow().value.communityId();
    }

    private static boolean reenriched(TestRecord<String, EnrichedPost> r) {
        Header h = r.headers().lastHeader(ReenrichStage.HEADER);
        return h != null && "true".equals(new String(h.value(), StandardCharsets.UTF_8));
    }

    @Test
    void writesAnUnassignedPostAgainOnceItsAuthorIsAssigned() {
        start(true, 20);
        post("p-1", "u1", "a good game", T0.plusSeconds(5));

        List<TestRecord<String, EnrichedPost>> first = enriched.readRecordsToList();
        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("p-1");
            assertThat(r.value().communityId()).isEqualTo(EnrichedPost.UNASSIGNED);
            assertThat(reenriched(r)).isFalse();
        });

        profile("u1", "I love video games");
        String gamers = flushAssignment("u1");

        List<TestRecord<String, EnrichedPost>> again = enriched.readRecordsToList();
        assertThat(again).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("p-1");
            assertThat(r.value().postId()).isEqualTo("p-1");
            assertThat(r.value().authorId()).isEqualTo("u1");
            assertThat(r.value().communityId()).isEqualTo(gamers);
            assertThat(r.value().communityLabel()).isNotBlank();
            assertThat(r.value().communityConfidence()).isNotNull();
            assertThat(r.value().profile().bio()).isEqualTo("I love video games");
            assertThat(reenriched(r)).isTrue();
        });
        KeyValueStore<String, ReenrichStage.Pending> store = driver.getKeyValueStore(ReenrichStage.STORE);
        assertThat(store.get("u1")).isNull();

        // Later posts of an assigned author are enriched directly and not kept.
        post("p-2", "u1", "another game", T0.plusSeconds(10));
        assertThat(enriched.readRecordsToList()).singleElement().satisfies(r -> {
            assertThat(r.value().communityId()).isEqualTo(gamers);
            assertThat(reenriched(r)).isFalse();
        });
        assertThat(store.get("u1")).isNull();
    }

    @Test
    void bothProcessorsShareTheStoreInOneSubTopology() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.ENRICHMENT_REENRICH_ENABLED, true));
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        var subtopologies = ChorusTopology.build(config, deps).describe().subtopologies().stream()
                .filter(st -> st.nodes().stream().anyMatch(n -> n.name().startsWith("reenrich-"))).toList();
        assertThat(subtopologies).singleElement().satisfies(st -> assertThat(st.nodes()).extracting(n -> n.name())
                .contains("reenrich-keep-unassigned", "reenrich-assigned", "reenriched-sink", "enrich-author"));
    }

    @Test
    void keepsOnlyTheNewestPostsPerAuthor() {
        start(true, 2);
        post("p-1", "u1", "game one", T0.plusSeconds(1));
        post("p-2", "u1", "game two", T0.plusSeconds(2));
        post("p-3", "u1", "game three", T0.plusSeconds(3));
        enriched.readRecordsToList();

        KeyValueStore<String, ReenrichStage.Pending> store = driver.getKeyValueStore(ReenrichStage.STORE);
        assertThat(store.get("u1").posts()).extracting(EnrichedPost::postId).containsExactly("p-2", "p-3");

        profile("u1", "I love video games");
        flushAssignment("u1");
        assertThat(enriched.readRecordsToList()).allSatisfy(r -> assertThat(reenriched(r)).isTrue())
                .extracting(TestRecord::key).containsExactly("p-2", "p-3");
    }

    @Test
    void writesNothingAgainWhenTheSettingIsOff() {
        start(false, 20);
        post("p-1", "u1", "a good game", T0.plusSeconds(5));
        assertThat(enriched.readRecordsToList()).singleElement()
                .satisfies(r -> assertThat(r.value().communityId()).isEqualTo(EnrichedPost.UNASSIGNED));

        profile("u1", "I love video games");
        flushAssignment("u1");

        assertThat(enriched.readRecordsToList()).isEmpty();
        assertThat(driver.getAllStateStores()).doesNotContainKey(ReenrichStage.STORE);
    }
}
