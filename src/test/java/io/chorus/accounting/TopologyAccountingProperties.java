package io.chorus.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.community.OnnxProfileEmbedder;
import io.chorus.config.ChorusConfig;
import io.chorus.sentiment.VaderSentimentScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.testing.SharedBroker;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import io.chorus.deadletter.DeadLetters;
import io.chorus.topology.TopologyDeps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Disabled;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Proves, property by property over every input topic, that each record of random valid, mutated and hostile input
 * (see {@link HostileCorpus}) is accounted for by the whole topology: exactly one output or one dead letter (or, for
 * topics read into a store, stored or dead-lettered), and that no record makes processing throw, which on a real
 * instance is a dead or replaced stream thread.
 */
class TopologyAccountingProperties {

    private static final AtomicLong SEQ = new AtomicLong();
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    private TopologyTestDriver driver;
    private Topics topics;
    private TestOutputTopic<byte[], byte[]> dlq;

    private void start(boolean realEmbedder) {
        if (driver != null) {
            return;
        }
        // at_least_once: TopologyTestDriver 4.4 does not capture the deserialization handler's dead letters under
        // exactly_once_v2 (the broker does; the integration test covers that path).
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.COMMUNITIES_FLUSH_MS, 1000L, ChorusConfig.COMMUNITIES_BATCH_SIZE, 4,
                ChorusConfig.PROCESSING_GUARANTEE, "at_least_once", ChorusConfig.STATE_DIR, SharedBroker.tempDir("chorus-props-").toString()));
        topics = Topics.from(config);
        TopologyDeps deps = new TopologyDeps(new VaderSentimentScorer(), Clock.systemUTC())
                .withCommunities(realEmbedder ? new OnnxProfileEmbedder(OnnxProfileEmbedder.Model.E5) : new KeywordEmbedder(), List.of());
        driver = new TopologyTestDriver(ChorusTopology.build(config, deps), ChorusTopology.streamsProperties(config), T0);
        dlq = output(topics.dlq.name());
    }

    @AfterProperty
    void close() {
        if (driver != null) {
            driver.close();
            driver = null;
        }
    }

    @Provide
    Arbitrary<HostileCorpus.Input> posts() {
        return HostileCorpus.inputs(id -> HostileCorpus.post(id + "-" + SEQ.incrementAndGet(), "u-" + (SEQ.get() % 7)), "authorId");
    }

    @Provide
    Arbitrary<HostileCorpus.Input> profiles() {
        return HostileCorpus.inputs(id -> HostileCorpus.profile(id + "-" + SEQ.incrementAndGet()), "userId")
                .filter(i -> i.key() != null); // a null-key profile is its own test below
    }

    @Provide
    Arbitrary<HostileCorpus.Input> follows() {
        return HostileCorpus.inputs(id -> HostileCorpus.follow(id + "-" + SEQ.incrementAndGet()), "followerId")
                .filter(i -> i.value() != null); // a null follow is a known loss, tested alone below
    }

    @Provide
    Arbitrary<HostileCorpus.Input> campaigns() {
        return HostileCorpus.inputs(id -> HostileCorpus.campaign(id + "-" + SEQ.incrementAndGet()), "id");
    }

    /** Every post: one scored record or one dead letter from the posts topic; every scored post: enriched or dead-lettered. */
    @Property(tries = 200)
    void everyPostIsScoredOrDeadLetteredAndEveryScoredPostEnriched(@ForAll("posts") HostileCorpus.Input input) {
        start(false);
        TestOutputTopic<byte[], byte[]> scored = output(topics.scored.name());
        TestOutputTopic<byte[], byte[]> enriched = output(topics.name(TopicId.ENRICHED));
        pipe(topics.posts.name(), input);
        List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
        long fromPosts = letters.stream().filter(l -> topics.posts.name().equals(DeadLetters.header(l.headers(), DeadLetters.HEADER_TOPIC))).count();
        long scoredCount = scored.readRecordsToList().size();
        assertThat(scoredCount + fromPosts).as("scored + dead letters for %s (dead letters: %s)", input, reasons(letters)).isEqualTo(1);
        long enrichedCount = enriched.readRecordsToList().stream().filter(r -> r.headers().lastHeader("chorus.reenriched") == null).count();
        long downstream = letters.size() - fromPosts;
        assertThat(enrichedCount + downstream).as("enriched + downstream dead letters for %s", input).isEqualTo(scoredCount);
    }

    /** Every keyed profile with a value: one assignment or one dead letter once the batch flushes; a tombstone: nothing. */
    @Property(tries = 40)
    void everyProfileIsAssignedOrDeadLetteredWithTheRealEmbedder(@ForAll("profiles") HostileCorpus.Input input) {
        start(true);
        TestOutputTopic<byte[], byte[]> assignments = output(topics.assignments.name());
        pipe(topics.profiles.name(), input);
        long expected = input.value() == null || input.key() == null ? 0 : 1;
        List<TestRecord<byte[], byte[]>> letters = new java.util.ArrayList<>();
        long[] assigned = {0};
        // embedding runs off the stream thread: advance the wall clock until the batch has come back
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            letters.addAll(dlq.readRecordsToList());
            assigned[0] += assignments.readRecordsToList().size();
            assertThat(assigned[0] + letters.size()).as("assignments + dead letters for %s (dead letters: %s)", input, reasons(letters))
                    .isGreaterThanOrEqualTo(expected);
        });
        assertThat(assigned[0] + letters.size()).as("assignments + dead letters for %s (dead letters: %s)", input, reasons(letters))
                .isEqualTo(expected);
    }

    /** Every follow with a value: remembered for its follower, or one dead letter. */
    @Property(tries = 150)
    void everyFollowIsRememberedOrDeadLettered(@ForAll("follows") HostileCorpus.Input input) {
        start(false);
        pipe(topics.follows.name(), input);
        List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
        if (!letters.isEmpty()) {
            assertThat(letters).as("dead letters for %s", input).hasSize(1);
            return;
        }
        var memory = driver.getKeyValueStore("author-memory");
        String follower = HostileCorpus.key(objectOf(input.value()), "followerId") == null ? null
                : new String(HostileCorpus.key(objectOf(input.value()), "followerId"), StandardCharsets.UTF_8);
        assertThat(follower).as("a follow without a dead letter names its follower: %s", input).isNotNull();
        assertThat(memory.get(follower)).as("remembered follow for %s", input).isNotNull();
    }

    /** Every campaign: stored (or deleted by a tombstone) in the global store, or one dead letter; the instance survives. */
    @Disabled("a bad record on a topic read as a global store is skipped by the global thread and dead-lettered by the "
            + "separate global-store audit application (GlobalStoreAudit), which a topology-only test does not run; "
            + "GlobalStoreBadRecordTest proves it on the broker")
    @Property(tries = 150)
    void everyCampaignIsStoredOrDeadLettered(@ForAll("campaigns") HostileCorpus.Input input) {
        start(false);
        pipe(topics.campaigns.name(), input);
        List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
        if (!letters.isEmpty()) {
            assertThat(letters).as("dead letters for %s", input).hasSize(1);
            return;
        }
        assertThat(input.key()).as("a campaign without a dead letter has a key: %s", input).isNotNull();
        Object stored = driver.getKeyValueStore("campaigns-store").get(new String(input.key(), StandardCharsets.UTF_8));
        if (input.value() == null) {
            assertThat(stored).as("deleted by its tombstone: %s", input).isNull();
        } else {
            assertThat(stored).as("stored: %s", input).isNotNull();
        }
    }

    /** A campaign with a wrong-typed cap: one dead letter, and the store keeps working for the next campaign. */
    @Disabled("a bad record on a topic read as a global store is skipped by the global thread and dead-lettered by the "
            + "separate global-store audit application (GlobalStoreAudit), which a topology-only test does not run; "
            + "GlobalStoreBadRecordTest proves it on the broker")
    @Example
    void deadLettersACampaignWithAWrongTypedCap() {
        start(false);
        var bad = HostileCorpus.campaign("c-bad");
        bad.put("perAuthorDailyCap", "lots");
        pipe(topics.campaigns.name(), HostileCorpus.of(bad, "id", "perAuthorDailyCap lots"));
        assertThat(dlq.readRecordsToList()).hasSize(1);
    }

    /** A campaign without a key cannot be stored by key: it must be dead-lettered, not ignored. */
    @Disabled("a campaign without a key is ignored by the global store and dead-lettered by the global-store audit "
            + "application, which a topology-only test does not run; GlobalStoreAuditTest proves it")
    @Example
    void deadLettersACampaignWithoutAKey() {
        start(false);
        pipe(topics.campaigns.name(), new HostileCorpus.Input(null, HostileCorpus.bytes(HostileCorpus.campaign("c-nokey")), "null key"));
        assertThat(dlq.readRecordsToList()).as("dead letters for a campaign without a key").hasSize(1);
    }

    /** A profile without a key cannot enter the profiles table: it must be dead-lettered, not skipped. */
    @Disabled("the profiles table's source skips a record without a key; the global-store audit application "
            + "dead-letters it (MISSING_KEY), which a topology-only test does not run; GlobalStoreAuditTest proves it")
    @Example
    void deadLettersAProfileWithoutAKey() {
        start(false);
        pipe(topics.profiles.name(), new HostileCorpus.Input(null, HostileCorpus.bytes(HostileCorpus.profile("u-nokey")), "null key"));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(dlq.readRecordsToList()).as("dead letters for a profile without a key").hasSize(1);
    }

    /**
     * A profile whose every text is invisible (a real bio of five U+2062) no longer poisons its batch: it is embedded from
     * its fallback text and assigned, and the profiles after it are assigned too, with no dead letter.
     */
    @Example
    void anInvisibleProfileDoesNotPoisonTheRestOfItsBatch() {
        start(true);
        TestOutputTopic<byte[], byte[]> assignments = output(topics.assignments.name());
        var invisible = HostileCorpus.profile("u-invisible");
        for (String f : List.of("name", "handle", "bio", "location")) {
            invisible.put(f, "\u2062\u2062\u2062\u2062\u2062");
        }
        pipe(topics.profiles.name(), HostileCorpus.of(invisible, "userId", "invisible profile"));
        pipe(topics.profiles.name(), HostileCorpus.of(HostileCorpus.profile("u-after"), "userId", "valid profile"));
        pipe(topics.profiles.name(), HostileCorpus.of(HostileCorpus.profile("u-later"), "userId", "valid profile"));
        List<TestRecord<byte[], byte[]>> assigned = new java.util.ArrayList<>();
        // embedding runs off the stream thread: advance the wall clock until the batch is done
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            assigned.addAll(assignments.readRecordsToList());
            assertThat(assigned).as("assignments of all three profiles").hasSize(3);
        });
        assertThat(dlq.readRecordsToList()).as("dead letters").isEmpty();
    }

    /** A null follow (a tombstone) is dead-lettered with a reason, like a null post. */
    @Example
    void deadLettersANullFollow() {
        start(false);
        pipe(topics.follows.name(), new HostileCorpus.Input("u-1".getBytes(StandardCharsets.UTF_8), null, "tombstone"));
        assertThat(dlq.readRecordsToList()).hasSize(1);
    }

    private void pipe(String topic, HostileCorpus.Input input) {
        TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            in.pipeInput(new TestRecord<>(input.key(), input.value(), null, T0.plusSeconds(SEQ.incrementAndGet())));
        } catch (RuntimeException e) {
            throw new AssertionError("processing threw (a dead stream thread on a real instance) for " + input + ": " + e, e);
        }
    }

    private TestOutputTopic<byte[], byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<String> reasons(List<TestRecord<byte[], byte[]>> letters) {
        return letters.stream().map(l -> DeadLetters.header(l.headers(), DeadLetters.HEADER_REASON) + "@"
                + DeadLetters.header(l.headers(), DeadLetters.HEADER_STAGE)).toList();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode objectOf(byte[] value) {
        try {
            var n = io.chorus.serde.Json.mapper().readTree(value);
            return n instanceof com.fasterxml.jackson.databind.node.ObjectNode o ? o : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        } catch (Exception e) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
    }
}
