package io.chorus.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.generation.Guardrails;
import io.chorus.model.Audience;
import io.chorus.model.Campaign;
import io.chorus.model.ContentType;
import io.chorus.model.EnrichedPost;
import io.chorus.model.GenerationRequest;
import io.chorus.model.ImageRef;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.model.ScoredPost;
import io.chorus.model.SentimentLabel;
import io.chorus.serde.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves campaign targeting on one processor: audience rules, refused and inactive campaigns, the processing-day cap. */
class TargetCampaignsTest {

    private static final Instant NOW = Instant.parse("2026-11-01T08:00:00Z");
    private static final String LABEL = "[AI-generated for Transit Now]";

    private MockProcessorContext<String, GenerationRequest> context;
    private KeyValueStore<String, Campaign> campaigns;
    private TargetCampaigns processor;
    private int nextPost;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(NOW.toEpochMilli());
        campaigns = store("campaigns", JsonSerde.of(Campaign.class));
        KeyValueStore<String, AuthorMemory> memory = store("memory", JsonSerde.of(AuthorMemory.class));
        KeyValueStore<String, Long> caps = store("caps", Serdes.Long());
        processor = new TargetCampaigns("campaigns", "memory", "caps", new Guardrails(List.of("weapons"), 600), 3,
                List.of("profile", "posts", "follows"), null);
        processor.init(context);
    }

    private <V> KeyValueStore<String, V> store(String name, org.apache.kafka.common.serialization.Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private static Campaign campaign(String id, String topic, ContentType type, Audience audience, int cap) {
        return new Campaign(1, id, topic, "support it", type, audience, List.of(), 70.0, cap, LABEL, null, null, true);
    }

    private void process(Instant postedAt, String text, double score, List<ImageRef> images) {
        String id = "p" + (++nextPost);
        Post post = new Post(1, id, "u1", text, postedAt, "en", images, null);
        ScoredPost scored = new ScoredPost(1, id, "u1", post, score, SentimentLabel.NEUTRAL, "test", postedAt);
        EnrichedPost enriched = new EnrichedPost(1, id, "u1", scored, "c7", "gamers", 0.9,
                new Profile(1, "u1", "Ann", "@ann", "I love games", "Town", null));
        processor.process(new Record<>("u1", enriched, postedAt.toEpochMilli()));
    }

    private void process(String text) {
        process(NOW, text, 50, List.of());
    }

    private List<String> targetedPosts() {
        return context.forwarded().stream().map(f -> f.record().value().post().postId()).toList();
    }

    @Test
    void targetsAPostOfAMatchingAudience() {
        campaigns.put("c", campaign("c", "transit", ContentType.REPLY, null, 5));
        process("stuck in traffic");
        assertThat(targetedPosts()).containsExactly("p1");
    }

    @Test
    void countsPostsDatedYearsApartAgainstOneProcessingDay() {
        campaigns.put("c", campaign("c", "transit", ContentType.REPLY, null, 1));
        process(Instant.parse("2016-03-01T10:00:00Z"), "an old post", 50, List.of());
        process(Instant.parse("2019-07-14T10:00:00Z"), "a later post", 50, List.of());
        process(Instant.parse("2024-12-25T10:00:00Z"), "a recent post", 50, List.of());
        assertThat(targetedPosts()).containsExactly("p1");
    }

    @Test
    void opensANewCapDayWhenProcessingReachesTheNextDay() {
        campaigns.put("c", campaign("c", "transit", ContentType.REPLY, null, 1));
        process("one");
        process("two");
        context.setCurrentSystemTimeMs(NOW.plus(Duration.ofDays(1)).toEpochMilli());
        process("three");
        assertThat(targetedPosts()).containsExactly("p1", "p3");
    }

    @Test
    void countsTheCapSeparatelyPerCampaign() {
        campaigns.put("a", campaign("a", "transit", ContentType.REPLY, null, 1));
        campaigns.put("b", campaign("b", "parks", ContentType.REPLY, null, 1));
        process("one");
        assertThat(context.forwarded()).extracting(f -> f.record().value().campaign().id()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void neverTargetsWithARefusedCampaign() {
        campaigns.put("c", campaign("c", "w\u200Beapons", ContentType.REPLY, null, 5));
        process("stuck in traffic");
        assertThat(targetedPosts()).isEmpty();
    }

    @Test
    void neverTargetsWithACampaignOverTheCapLimit() {
        campaigns.put("c", campaign("c", "transit", ContentType.REPLY, null, 500));
        process("stuck in traffic");
        assertThat(targetedPosts()).isEmpty();
    }

    @Test
    void neverTargetsWithADisabledCampaign() {
        Campaign c = campaign("c", "transit", ContentType.REPLY, null, 5);
        campaigns.put("c", new Campaign(1, "c", c.topic(), c.stance(), c.contentType(), null, List.of(), 70.0, 5, LABEL, null, null, false));
        process("stuck in traffic");
        assertThat(targetedPosts()).isEmpty();
    }

    @Test
    void targetsCaptionsOnlyAtPostsWithAnImage() {
        campaigns.put("c", campaign("c", "transit", ContentType.CAPTION, null, 5));
        process(NOW, "no picture", 50, List.of());
        process(NOW, "a picture", 50, List.of(new ImageRef("https://img/1.jpg", "a bus")));
        assertThat(targetedPosts()).containsExactly("p2");
    }

    @Test
    void targetsOnlyTheAudienceCommunity() {
        campaigns.put("in", campaign("in", "transit", ContentType.REPLY, new Audience(List.of("GAMERS"), null, null, List.of(), List.of()), 5));
        campaigns.put("out", campaign("out", "transit", ContentType.REPLY, new Audience(List.of("cyclists"), null, null, List.of(), List.of()), 5));
        process("one");
        assertThat(context.forwarded()).extracting(f -> f.record().value().campaign().id()).containsExactly("in");
    }

    @Test
    void targetsOnlyPostsWithinTheSentimentRange() {
        campaigns.put("c", campaign("c", "transit", ContentType.REPLY, new Audience(List.of(), 0.0, 40.0, List.of(), List.of()), 5));
        process(NOW, "fine", 60, List.of());
        process(NOW, "awful", 20, List.of());
        assertThat(targetedPosts()).containsExactly("p2");
    }

    @Test
    void targetsOnlyPostsWithAnAudienceKeyword() {
        campaigns.put("c", campaign("c", "transit", ContentType.REPLY, new Audience(List.of(), null, null, List.of("Traffic"), List.of()), 5));
        process("nice weather");
        process("stuck in traffic again");
        assertThat(targetedPosts()).containsExactly("p2");
    }

    @Test
    void givesThePersonaTheAuthorsEarlierPosts() {
        campaigns.put("c", campaign("c", "transit", ContentType.REPLY, null, 5));
        process("first thought");
        process("second thought");
        assertThat(context.forwarded().get(1).record().value().persona().recentPosts()).containsExactly("first thought");
    }
}
