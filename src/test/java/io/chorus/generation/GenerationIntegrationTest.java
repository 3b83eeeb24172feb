package io.chorus.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.model.Audience;
import io.chorus.model.Campaign;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.ContentType;
import io.chorus.model.EnrichedPost;
import io.chorus.model.GeneratedContent;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.model.ScoredPost;
import io.chorus.sentiment.VaderSentimentScorer;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.testing.SharedBroker;
import io.chorus.testing.TopicReader;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Proves generation end to end on a real broker with exactly_once_v2, from a profile and a post to one disclosed
 * offline reply with full provenance, and that the per-author daily cap holds across a restart: a new instance on
 * the same state dir refuses a second reply to the same author on the same day of processing, also for a post dated
 * the next day (cap days are days of processing, so a backfill cannot reset the cap), and so does an instance on an
 * empty state dir, whose caps come back from the changelog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenerationIntegrationTest {

    private static final String AUTHOR = "u-gamer";
    private static final String CAMPAIGN = "c-transit";
    private static final String DISCLOSURE = "[AI-generated for Transit Now]";
    /**
     * Noon two days ago (UTC), so that "the next day" is still in the past: the broker refuses record timestamps more
     * than an hour ahead (message.timestamp.after.max.ms), and posts keep their createdAt as timestamp. Noon keeps
     * every post of a "day" far from the day boundary.
     */
    private static final Instant T0 = LocalDate.now(ZoneOffset.UTC).minusDays(2).atTime(12, 0).toInstant(ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String CAPS_STORE = "campaign-caps";

    private static final JsonSerde<Profile> PROFILE = JsonSerde.of(Profile.class);
    private static final JsonSerde<Post> POST = JsonSerde.of(Post.class);
    private static final JsonSerde<Campaign> CAMPAIGN_SERDE = JsonSerde.of(Campaign.class);
    private static final JsonSerde<CommunityAssignment> ASSIGNMENT = JsonSerde.of(CommunityAssignment.class);
    private static final JsonSerde<ScoredPost> SCORED = JsonSerde.of(ScoredPost.class);
    private static final JsonSerde<EnrichedPost> ENRICHED = JsonSerde.of(EnrichedPost.class);
    private static final JsonSerde<GeneratedContent> CONTENT = JsonSerde.of(GeneratedContent.class);

    private String community;
    private List<GeneratedContent> firstReplies;
    private List<String> afterRestart;
    private String afterRestartDiagnosis;
    private List<String> afterNextDayPost;
    private String afterNextDayPostDiagnosis;
    private long capsRestored;
    private List<String> afterFreshStateDir;
    private String afterFreshStateDirDiagnosis;
    private int deadLetters;

    /** The scenario runs once, in order, recording what it saw at each step; each test checks one behaviour of it. */
    @BeforeAll
    void runTheScenario() {
        long started = System.nanoTime();
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.HTTP_ENABLED, false,
                ChorusConfig.COMMUNITIES_FLUSH_MS, 100L, ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2"));
        Topics topics = Topics.from(config);
        String bootstrap = config.bootstrapServers();

        try (Producer<byte[], byte[]> producer = FeedProducer.producer(config.kafkaClientProps())) {
            try (ChorusApp app = start(config)) {
                FeedProducer.produceOne(producer, topics.profiles.name(), AUTHOR,
                        PROFILE.toBytes(new Profile(1, AUTHOR, "Robin Player", "@robin", "I love video games", "Town", null)));
                community = awaitAssignment(bootstrap, topics).communityId();
                // Posts are dated before the assignment record, so the join must hold it before the first post
                // arrives, or event-time order could put the post first (and leave it "unassigned").
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .until(() -> storeHas(app, "assignments-table", AUTHOR));

                FeedProducer.produceOne(producer, topics.campaigns.name(), CAMPAIGN, CAMPAIGN_SERDE.toBytes(new Campaign(1, CAMPAIGN,
                        "public transit", "support more frequent buses", ContentType.REPLY, new Audience(List.of(community), null, null,
                        null, null), List.of(), null, 1, DISCLOSURE, T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofDays(3)), true)));
                // The campaign travels by the global store; the post must not overtake it.
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .until(() -> storeHas(app, "campaigns-store", CAMPAIGN));

                post(producer, topics, "p1", "what a game last night", T0);
                firstReplies = awaitReplies(bootstrap, topics, 1);
            }

            // A new instance of the same application on the same state dir: same group, same stores.
            try (ChorusApp app = start(config)) {
                post(producer, topics, "p2", "another game tonight", T0.plus(Duration.ofMinutes(10)));
                awaitFullyProcessed(config, topics, "p2");
                afterRestart = replyPostIds(bootstrap, topics);
                afterRestartDiagnosis = diagnosis(config, topics);

                // A post dated a day later, processed today.
                post(producer, topics, "p4", "game day tomorrow too", T0.plus(Duration.ofDays(1)));
                awaitFullyProcessed(config, topics, "p4");
                afterNextDayPost = replyPostIds(bootstrap, topics);
                afterNextDayPostDiagnosis = diagnosis(config, topics);
            }
            // A third instance on an EMPTY state dir: the campaign-caps store must be rebuilt from its changelog.
            try (ChorusApp app = start(withFreshStateDir(config))) {
                post(producer, topics, "p3", "one more game today", T0.plus(Duration.ofMinutes(20)));
                awaitFullyProcessed(config, topics, "p3");
                capsRestored = app.restores().restored(CAPS_STORE);
                afterFreshStateDir = replyPostIds(bootstrap, topics);
                afterFreshStateDirDiagnosis = diagnosis(config, topics);
            }
            deadLetters = TopicReader.readAll(bootstrap, topics.dlq.name()).size();
        }
        System.out.printf("GenerationIntegrationTest: 4 posts, 1 reply (p1; p2, p3 and p4 capped), three instances, %d s%n",
                (System.nanoTime() - started) / 1_000_000_000);
    }

    @Test
    void writesOneReplyToThePostForTheCampaign() {
        assertThat(firstReplies).singleElement().satisfies(r -> {
            assertThat(r.postId()).isEqualTo("p1");
            assertThat(r.authorId()).isEqualTo(AUTHOR);
            assertThat(r.campaignId()).isEqualTo(CAMPAIGN);
            assertThat(r.communityId()).isEqualTo(community);
            assertThat(r.contentType()).isEqualTo(ContentType.REPLY);
        });
    }

    @Test
    void theReplyIsDisclosedAndMarkedOffline() {
        assertThat(firstReplies).singleElement().satisfies(r -> {
            assertThat(r.text()).contains(DISCLOSURE).contains(OfflineGenerator.MARK);
            assertThat(r.offline()).isTrue();
        });
    }

    @Test
    void theReplyCarriesItsProvenance() {
        assertThat(firstReplies).singleElement().satisfies(r -> {
            assertThat(r.requestId()).isNotBlank();
            assertThat(r.model()).isEqualTo(OfflineGenerator.MODEL);
            assertThat(r.promptVersion()).isEqualTo(OfflineGenerator.PROMPT_VERSION);
            assertThat(r.generatedAt()).isNotNull();
        });
    }

    @Test
    void theDailyCapHoldsAfterARestartOnTheSameStateDir() {
        assertThat(afterRestart).as(() -> "same day, after a restart on the same state dir; " + afterRestartDiagnosis)
                .containsExactly("p1");
    }

    /** Cap days are days of processing: a backfill of old posts must not open a fresh cap day per post. */
    @Test
    void thePostOfTheNextDayProcessedTodayIsCappedToo() {
        assertThat(afterNextDayPost).as(() -> "a post dated the next day, processed today; " + afterNextDayPostDiagnosis)
                .containsExactly("p1");
    }

    @Test
    void capCountsComeBackFromTheChangelogOnAnEmptyStateDir() {
        assertThat(capsRestored).as("cap counts restored from the changelog").isGreaterThanOrEqualTo(1);
    }

    @Test
    void theDailyCapHoldsOnAnEmptyStateDir() {
        assertThat(afterFreshStateDir).as(() -> "same day, after a restart on an empty state dir; " + afterFreshStateDirDiagnosis)
                .containsExactly("p1");
    }

    @Test
    void nothingIsDeadLettered() {
        assertThat(deadLetters).as("dead letters").isZero();
    }

    private static List<String> replyPostIds(String bootstrap, Topics topics) {
        return readReplies(bootstrap, topics).stream().map(GeneratedContent::postId).toList();
    }

    private static ChorusApp start(ChorusConfig config) {
        TopologyDeps deps = new TopologyDeps(new VaderSentimentScorer(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        ChorusApp app = ChorusApp.start(config, deps, true);
        try {
            app.awaitRunning(WAIT);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /**
     * What a failed cap check needs to be explained: the cap counts in the store's changelog (Kafka Streams names it
     * {@code <application id>-campaign-caps-changelog}) and each enriched post's event time and community.
     */
    private static String diagnosis(ChorusConfig config, Topics topics) {
        StringBuilder s = new StringBuilder("cap changelog: ");
        TopicReader.readAll(config.bootstrapServers(), config.applicationId() + "-campaign-caps-changelog").forEach(r -> s.append(
                new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)).append('=')
                .append(r.value() == null ? "null" : java.nio.ByteBuffer.wrap(r.value()).getLong()).append(" @").append(r.offset()).append(' '));
        s.append("; enriched: ");
        TopicReader.readAll(config.bootstrapServers(), topics.name(TopicId.ENRICHED)).forEach(r -> {
            EnrichedPost e = ENRICHED.fromBytes(r.value());
            s.append(e.postId()).append(" at ").append(Instant.ofEpochMilli(r.timestamp())).append(" in ").append(e.communityId()).append(' ');
        });
        return s.toString();
    }

    /** Whether a queryable store of the running instance (a global store or a table) holds {@code key}. */
    private static boolean storeHas(ChorusApp app, String store, String key) {
        return app.streams().store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, Object>keyValueStore()))
                .get(key) != null;
    }

    private static ChorusConfig withFreshStateDir(ChorusConfig config) {
        Map<String, Object> props = new HashMap<>(config.originals());
        props.put(ChorusConfig.STATE_DIR, SharedBroker.tempDir("chorus-test-state-fresh-").toString());
        return new ChorusConfig(props);
    }

    private static void post(Producer<byte[], byte[]> producer, Topics topics, String id, String text, Instant at) {
        FeedProducer.produceOne(producer, topics.posts.name(), AUTHOR, POST.toBytes(new Post(1, id, AUTHOR, text, at, "en", List.of(), null)));
    }

    private static CommunityAssignment awaitAssignment(String bootstrap, Topics topics) {
        AtomicReference<CommunityAssignment> found = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            TopicReader.readAll(bootstrap, topics.assignments.name()).stream().map(r -> ASSIGNMENT.fromBytes(r.value()))
                    .filter(a -> a != null && AUTHOR.equals(a.userId())).reduce((a, b) -> b).ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    private static List<GeneratedContent> readReplies(String bootstrap, Topics topics) {
        return TopicReader.readAll(bootstrap, topics.replies.name()).stream().map(r -> CONTENT.fromBytes(r.value())).toList();
    }

    private static List<GeneratedContent> awaitReplies(String bootstrap, Topics topics, int n) {
        AtomicReference<List<GeneratedContent>> last = new AtomicReference<>(List.of());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            last.set(readReplies(bootstrap, topics));
            return last.get().size() >= n;
        });
        return last.get();
    }

    /**
     * Waits until {@code postId} is scored, the group's committed offsets on the posts topic cover it, and it is on
     * {@code chorus.posts.enriched}. The enriched record is written by the same task, in the same transaction, as any
     * generation request for the post (targeting follows enrichment with no repartition in between), so once it is
     * visible to a read_committed reader, so is every reply the post could ever cause.
     */
    private static void awaitFullyProcessed(ChorusConfig config, Topics topics, String postId) {
        String bootstrap = config.bootstrapServers();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> TopicReader.readAll(bootstrap, topics.scored.name()).stream()
                .anyMatch(r -> postId.equals(SCORED.fromBytes(r.value()).postId())));
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> lag(admin, config.applicationId(), topics.posts.name()) == 0);
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> TopicReader.readAll(bootstrap, topics.name(TopicId.ENRICHED))
                .stream().map(r -> ENRICHED.fromBytes(r.value())).filter(Objects::nonNull).anyMatch(e -> postId.equals(e.postId())));
    }

    private static long lag(Admin admin, String groupId, String topic) throws Exception {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        var committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (TopicPartition p : partitions) {
            var c = committed.get(p);
            lag += ends.get(p).offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }
}
