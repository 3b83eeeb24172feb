package io.chorus.behavior;

import io.chorus.testing.TopologyHarness;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.chorus.async.GatewaySettings;
import io.chorus.async.ModelGateway;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.ChatRequest;
import io.chorus.model.Audience;
import io.chorus.model.BehaviorDrift;
import io.chorus.model.BehaviorProfile;
import io.chorus.model.Campaign;
import io.chorus.model.ContentType;
import io.chorus.model.GeneratedContent;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.model.ScoredPost;
import io.chorus.serde.Json;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeChatClient;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import io.chorus.deadletter.DeadLetters;
import io.chorus.topology.TopologyDeps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves behavioral profiles in the topology: refreshed every K posts or after the interval (one model call per
 * refresh, never per post), offline profiles honest and marked, versions that keep their previous one and the drift,
 * strict JSON validation with retry then dead letter, targeting by a profile feature with the profile in the persona,
 * and per-post emotions on the scored post.
 */
class BehaviorTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    private static final List<String> FEATURES = List.of("joy", "sadness", "anger", "fear", "disgust", "anxiety", "envy",
            "embarrassment", "ennui");

    private TopologyTestDriver driver;
    private ModelGateway gateway;
    private TestInputTopic<String, Profile> profiles;
    private TestInputTopic<String, Post> posts;
    private TestInputTopic<String, Campaign> campaigns;
    private TestOutputTopic<String, BehaviorProfile> behavior;
    private TestOutputTopic<String, ScoredPost> scored;
    private TestOutputTopic<String, GeneratedContent> replies;
    private TestOutputTopic<byte[], byte[]> dlq;

    private void start(Map<String, Object> settings, FakeChatClient client) {
        Map<String, Object> props = new HashMap<>(Map.of(ChorusConfig.PROCESSING_GUARANTEE, "at_least_once",
                ChorusConfig.COMMUNITIES_BATCH_SIZE, 100, ChorusConfig.ASYNC_BACKOFF_INITIAL_MS, 0L, ChorusConfig.ASYNC_BACKOFF_MAX_MS, 0L));
        props.putAll(settings);
        ChorusConfig config = new ChorusConfig(props);
        Topics topics = Topics.from(config);
        gateway = client == null ? null : new ModelGateway(client, GatewaySettings.fromConfig(config), new SimpleMeterRegistry());
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC(), gateway).withCommunities(new KeywordEmbedder(), List.of());
        driver = new TopologyTestDriver(ChorusTopology.build(config, deps), TopologyHarness.properties(config), T0);
        profiles = driver.createInputTopic(topics.profiles.name(), new StringSerializer(), JsonSerde.of(Profile.class).serializer());
        posts = driver.createInputTopic(topics.posts.name(), new StringSerializer(), JsonSerde.of(Post.class).serializer());
        campaigns = driver.createInputTopic(topics.campaigns.name(), new StringSerializer(), JsonSerde.of(Campaign.class).serializer());
        behavior = driver.createOutputTopic(topics.behavior.name(), new StringDeserializer(), JsonSerde.of(BehaviorProfile.class).deserializer());
        scored = driver.createOutputTopic(topics.scored.name(), new StringDeserializer(), JsonSerde.of(ScoredPost.class).deserializer());
        replies = driver.createOutputTopic(topics.replies.name(), new StringDeserializer(), JsonSerde.of(GeneratedContent.class).deserializer());
        dlq = driver.createOutputTopic(topics.dlq.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private void people(String... bios) {
        for (int i = 0; i < bios.length; i++) {
            String id = "u" + (i + 1);
            profiles.pipeInput(id, new Profile(1, id, "Name" + (i + 1), "@" + id, bios[i], "Town", null));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    private void post(String id, String author, String text, Instant at) {
        posts.pipeInput(author, new Post(1, id, author, text, at, "en", List.of(), null), at);
    }

    /** Waits until every model call has finished, then lets the async processor emit the results. */
    private void settle(FakeChatClient client, int calls) {
        await().until(() -> client.requestCount() >= calls && gateway.inFlight() == 0);
        driver.advanceWallClockTime(Duration.ofMillis(200));
    }

    /** A valid profile answer: every feature 10 except anxiety, which the function decides from the request. */
    private static String profileAnswer(ChatRequest request, ToIntFunction<ChatRequest> anxiety) {
        StringBuilder s = new StringBuilder("{");
        for (String f : FEATURES) {
            int score = f.equals("anxiety") ? anxiety.applyAsInt(request) : 10;
            s.append(s.length() == 1 ? "" : ",").append('"').append(f).append("\":{\"score\":").append(score)
                    .append(",\"reason\":\"").append(f).append(" because of what they wrote\"}");
        }
        return s.append('}').toString();
    }

    private static boolean isProfileRequest(ChatRequest r) {
        return r.system() != null && r.system().contains("behavioral profile");
    }

    private static int postsIn(ChatRequest r) {
        try {
            return Json.mapper().readTree(r.user().substring(r.user().lastIndexOf('\n') + 1)).get("posts").size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void offlineProfilesAreMarkedAndCarryOnlyValenceStatisticsPostingRateAndCommunity() {
        start(Map.of(ChorusConfig.BEHAVIOR_REFRESH_POSTS, 3), null);
        people("I love video games");

        post("p1", "u1", "good game", T0);
        post("p2", "u1", "bad lag", T0.plus(Duration.ofMinutes(30)));
        assertThat(behavior.isEmpty()).as("no profile before K posts").isTrue();
        post("p3", "u1", "new patch", T0.plus(Duration.ofMinutes(60)));

        List<BehaviorProfile> out = behavior.readValuesToList();
        assertThat(out).hasSize(1);
        BehaviorProfile p = out.get(0);
        assertThat(p.offline()).isTrue();
        assertThat(p.note()).isEqualTo(BehaviorProfile.OFFLINE_NOTE).contains("need a model");
        assertThat(p.features()).isEmpty();
        assertThat(p.reasons()).isEmpty();
        assertThat(p.model()).isEqualTo("offline");
        assertThat(p.promptVersion()).isNull();
        assertThat(p.version()).isEqualTo(1);
        assertThat(p.previous()).isNull();
        assertThat(p.postIds()).containsExactly("p1", "p2", "p3");
        assertThat(p.communityId()).isNotBlank().isNotEqualTo("unassigned");
        assertThat(p.valence().count()).isEqualTo(3);
        assertThat(p.valence().mean()).isCloseTo(50.0, within(1e-9));   // 90, 10, 50
        assertThat(p.valence().min()).isEqualTo(10.0);
        assertThat(p.valence().max()).isEqualTo(90.0);
        assertThat(p.valence().stddev()).isCloseTo(Math.sqrt(3200.0 / 3), within(1e-9));
        assertThat(p.valence().scorer()).isEqualTo("fake");
        assertThat(p.postsPerHour()).isCloseTo(2.0, within(1e-9));       // 3 posts in one hour
    }

    @Test
    void aModelProfileIsOneCallPerRefreshNotPerPostAndVersionsKeepTheirPreviousAndDrift() {
        FakeChatClient client = new FakeChatClient((r, n) -> profileAnswer(r, req -> 10 * postsIn(req)));
        start(Map.of(ChorusConfig.BEHAVIOR_MODEL, "llm", ChorusConfig.BEHAVIOR_REFRESH_POSTS, 5,
                ChorusConfig.BEHAVIOR_REFRESH_INTERVAL_MS, Duration.ofHours(1).toMillis()), client);
        people("I love video games");

        for (int i = 1; i <= 5; i++) {
            post("p" + i, "u1", "good day " + i, T0.plus(Duration.ofMinutes(i)));
        }
        settle(client, 1);
        assertThat(client.requestCount()).as("five posts, one call").isEqualTo(1);
        BehaviorProfile v1 = behavior.readValue();
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.offline()).isFalse();
        assertThat(v1.note()).isNull();
        assertThat(v1.model()).isEqualTo("fake-model");
        assertThat(v1.promptVersion()).isEqualTo("behavior-v2");
        assertThat(v1.features()).containsOnlyKeys(FEATURES).containsEntry("anxiety", 50.0).containsEntry("joy", 10.0);
        assertThat(v1.reasons()).containsOnlyKeys(FEATURES).containsEntry("anxiety", "anxiety because of what they wrote");
        assertThat(v1.valence().mean()).isEqualTo(90.0);
        assertThat(v1.previous()).isNull();

        post("p6", "u1", "bad day", T0.plus(Duration.ofMinutes(10)));
        post("p7", "u1", "bad night", T0.plus(Duration.ofMinutes(20)));
        settle(client, 1);
        assertThat(client.requestCount()).as("two new posts inside the interval: no call").isEqualTo(1);
        assertThat(behavior.isEmpty()).isTrue();

        post("p8", "u1", "bad week", T0.plus(Duration.ofMinutes(5 + 60)));   // an hour after the last build: due
        settle(client, 2);
        assertThat(client.requestCount()).isEqualTo(2);
        BehaviorProfile v2 = behavior.readValue();
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.postIds()).containsExactly("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8");
        assertThat(v2.features()).containsEntry("anxiety", 80.0);
        assertThat(v2.previous().version()).isEqualTo(1);
        assertThat(v2.previous().features()).isEqualTo(v1.features());
        assertThat(v2.previous().valenceMean()).isEqualTo(90.0);

        BehaviorDrift drift = BehaviorDrift.of(v2);
        assertThat(drift.fromVersion()).isEqualTo(1L);
        assertThat(drift.toVersion()).isEqualTo(2L);
        assertThat(drift.featureDeltas()).containsEntry("anxiety", 30.0).containsEntry("joy", 0.0);
        assertThat(drift.valenceDelta()).isCloseTo((5 * 90.0 + 3 * 10.0) / 8 - 90.0, within(1e-9));

        ChatRequest request = client.requests().get(1);
        assertThat(request.jsonOutput()).isTrue();
        assertThat(request.system()).contains("one-line reason").contains(String.join(", ", FEATURES)).doesNotContain("bad week");
        assertThat(request.user()).contains("{\"posts\":[").contains("\"bad week\"");
    }

    @Test
    void anAnswerMissingAFeatureIsRetriedAndAcceptedWhenTheRetryIsComplete() {
        FakeChatClient client = new FakeChatClient((r, n) -> n == 1 ? "{\"joy\":{\"score\":10,\"reason\":\"only joy\"}}"
                : profileAnswer(r, req -> 70));
        start(Map.of(ChorusConfig.BEHAVIOR_MODEL, "llm", ChorusConfig.BEHAVIOR_REFRESH_POSTS, 2), client);
        people("I love video games");

        post("p1", "u1", "one", T0);
        post("p2", "u1", "two", T0.plusSeconds(60));
        settle(client, 2);

        assertThat(client.requestCount()).isEqualTo(2);
        assertThat(behavior.readValue().features()).containsEntry("anxiety", 70.0);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void anAnswerMissingAFeatureEveryTimeIsDeadLetteredWithRetriesExhausted() {
        FakeChatClient client = new FakeChatClient((r, n) -> profileAnswer(r, req -> 50).replace("\"ennui\"", "\"boredom\""));
        start(Map.of(ChorusConfig.BEHAVIOR_MODEL, "llm", ChorusConfig.BEHAVIOR_REFRESH_POSTS, 2, ChorusConfig.ASYNC_MAX_ATTEMPTS, 3), client);
        people("I love video games");

        post("p1", "u1", "one", T0);
        post("p2", "u1", "two", T0.plusSeconds(60));
        settle(client, 3);

        assertThat(client.requestCount()).isEqualTo(3);
        assertThat(behavior.isEmpty()).isTrue();
        var letter = dlq.readRecord();
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_REASON)).isEqualTo("MODEL_RETRIES_EXHAUSTED");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_STAGE)).isEqualTo("model:behavior");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_MESSAGE)).contains("'ennui' is missing");
    }

    @Test
    void aCampaignTargetsByAProfileFeatureAndThePersonaCarriesTheProfile() {
        FakeChatClient client = new FakeChatClient((r, n) -> isProfileRequest(r)
                ? profileAnswer(r, req -> req.user().contains("rent") ? 80 : 20)
                : "{\"bridge\":\"b\",\"text\":\"Buses are calmer than rent worries.\",\"rationale\":\"r\"}");
        start(Map.of(ChorusConfig.BEHAVIOR_MODEL, "llm", ChorusConfig.BEHAVIOR_REFRESH_POSTS, 2,
                ChorusConfig.GENERATION_MODEL, "llm"), client);
        people("I worry about rent and bills", "I love gardening");
        campaigns.pipeInput("c1", new Campaign(1, "c1", "public transit", "support more frequent buses", ContentType.REPLY,
                new Audience(List.of(), null, null, List.of(), List.of(), Map.of("anxiety", 60.0)), List.of(), 70.0, 10,
                "[AI-generated]", T0.minusSeconds(3600), T0.plus(Duration.ofDays(30)), true));

        post("p1", "u1", "worried about rent", T0);
        post("p2", "u1", "rent went up again", T0.plusSeconds(60));
        post("p3", "u2", "tomatoes are ripe", T0);
        post("p4", "u2", "planted basil", T0.plusSeconds(60));
        settle(client, 2);
        assertThat(behavior.readValuesToList()).extracting(BehaviorProfile::userId, p -> p.features().get("anxiety"))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("u1", 80.0), org.assertj.core.groups.Tuple.tuple("u2", 20.0));
        assertThat(replies.isEmpty()).as("no profile yet when p1-p4 arrived: no match").isTrue();

        post("p5", "u1", "rent again", T0.plusSeconds(120));
        post("p6", "u2", "more basil", T0.plusSeconds(120));
        settle(client, 3);

        assertThat(replies.readValuesToList()).extracting(GeneratedContent::postId).containsExactly("p5");
        ChatRequest generation = client.requests().stream().filter(r -> !isProfileRequest(r)).findFirst().orElseThrow();
        assertThat(generation.user()).contains("\"behavioralProfile\":\"anxiety 80 (anxiety because of what they wrote)");
        assertThat(client.requestCount()).as("2 profiles + 1 generation").isEqualTo(3);
    }

    @Test
    void anOfflineProfileNeverMatchesAFeatureCampaign() {
        start(Map.of(ChorusConfig.BEHAVIOR_REFRESH_POSTS, 1), null);
        people("I worry about rent and bills");
        campaigns.pipeInput("c1", new Campaign(1, "c1", "public transit", "support more frequent buses", ContentType.REPLY,
                new Audience(List.of(), null, null, List.of(), List.of(), Map.of("anxiety", 0.0)), List.of(), 70.0, 10,
                "[AI-generated]", T0.minusSeconds(3600), T0.plus(Duration.ofDays(30)), true));
        post("p1", "u1", "worried about rent", T0);
        post("p2", "u1", "worried again", T0.plusSeconds(60));
        driver.advanceWallClockTime(Duration.ofMillis(200));

        assertThat(behavior.readValuesToList()).hasSize(2).allSatisfy(p -> assertThat(p.offline()).isTrue());
        assertThat(replies.isEmpty()).isTrue();
    }

    @Test
    void emotionsAreScoredPerPostOnTheScoredPostWhenEnabled() {
        FakeChatClient client = new FakeChatClient((r, n) -> "{\"joy\":80,\"sadness\":5,\"anger\":0,\"fear\":0,\"disgust\":0,"
                + "\"anxiety\":10,\"envy\":0,\"embarrassment\":0,\"ennui\":3}");
        start(Map.of(ChorusConfig.EMOTIONS_ENABLED, true, ChorusConfig.COMMUNITIES_ENABLED, false), client);

        post("p1", "u1", "good news", T0);
        settle(client, 1);

        ScoredPost s = scored.readValue();
        assertThat(s.postId()).isEqualTo("p1");
        assertThat(s.score()).isEqualTo(90.0);
        assertThat(s.emotions()).containsOnlyKeys(FEATURES).containsEntry("joy", 80.0).containsEntry("ennui", 3.0);
        assertThat(client.requests().get(0).system()).contains("emotions").contains("ennui");
    }
}
