package io.chorus.community;

import io.chorus.testing.TopologyHarness;
import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.Profile;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
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
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that one bad profile cannot poison the single community writer: a bio of invisible characters is cleaned
 * and assigned from the name instead, an item the embedder fails on gets its own dead letter with the reason,
 * and every other profile of that batch and of every later batch is assigned.
 */
class PoisonProfileTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    static final String INVISIBLE_BIO = "\u2062\u2062\u2062\u2062\u2062";

    private final ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.PROCESSING_GUARANTEE, "at_least_once",
            ChorusConfig.COMMUNITIES_BATCH_SIZE, 100));
    private final Topics topics = Topics.from(config);
    private TopologyTestDriver driver;
    private TestInputTopic<String, Profile> profiles;
    private TestOutputTopic<String, CommunityAssignment> assignments;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void setUp() {
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new StrictEmbedder(), List.of());
        driver = new TopologyTestDriver(ChorusTopology.build(config, deps), TopologyHarness.properties(config), T0);
        profiles = driver.createInputTopic(topics.profiles.name(), new StringSerializer(), JsonSerde.of(Profile.class).serializer());
        assignments = driver.createOutputTopic(topics.assignments.name(), new StringDeserializer(),
                JsonSerde.of(CommunityAssignment.class).deserializer());
        dlq = driver.createOutputTopic(topics.dlq.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void profile(String id, String name, String bio) {
        profiles.pipeInput(id, new Profile(1, id, name, "@" + id, bio, null, null));
    }

    private Map<String, String> flushAssignments() {
        for (int i = 0; i < 5; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        return assignments.readKeyValuesToList().stream()
                .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value.communityId(), (a, b) -> b));
    }

    @Test
    void aBioOfInvisibleCharactersIsAssignedAndLaterBatchesGoOn() {
        profile("u1", "Ann", "I love video games");
        profile("u2", "Chess Club Paris", INVISIBLE_BIO);
        profile("u3", "Bob", "I invest in index funds");
        Map<String, String> first = flushAssignments();
        profile("u4", "Cy", "game streamer every night");
        Map<String, String> second = flushAssignments();

        assertThat(first).containsOnlyKeys("u1", "u2", "u3");
        assertThat(second).containsOnlyKeys("u4");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aProfileTheEmbedderFailsOnIsDeadLetteredAloneWithTheReason() {
        profile("u1", "Ann", "I love video games");
        profile("u2", "Eve", "this bio makes the model go " + StrictEmbedder.POISON);
        profile("u3", "Bob", "I invest in index funds");
        Map<String, String> first = flushAssignments();
        profile("u4", "Cy", "game streamer every night");
        Map<String, String> second = flushAssignments();

        assertThat(first).containsOnlyKeys("u1", "u3");
        assertThat(second).containsOnlyKeys("u4");
        List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
        assertThat(letters).hasSize(1);
        TestRecord<byte[], byte[]> letter = letters.get(0);
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("u2");
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).contains("\"userId\":\"u2\"");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_REASON)).isNotBlank();
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_MESSAGE)).contains("model failed on one input");
    }
}
