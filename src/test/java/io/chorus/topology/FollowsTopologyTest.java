package io.chorus.topology;

import io.chorus.testing.TopologyHarness;
import io.chorus.deadletter.DeadLetters;
import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.model.Follow;
import io.chorus.model.Profile;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves that every follow record is remembered under its record key or dead-lettered with a reason: none is dropped or filed under another user. */
class FollowsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    private static final Profile FOLLOWED = new Profile(1, "u-bus", "Bus Fan", "@bus", "buses every day", null, null);

    private TopologyTestDriver driver;
    private TestInputTopic<String, Follow> follows;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void start() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.PROCESSING_GUARANTEE, "at_least_once"));
        Topics topics = Topics.from(config);
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        driver = new TopologyTestDriver(ChorusTopology.build(config, deps), TopologyHarness.properties(config), T0);
        follows = driver.createInputTopic(topics.follows.name(), new StringSerializer(), JsonSerde.of(Follow.class).serializer());
        dlq = driver.createOutputTopic(topics.dlq.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aNullFollowIsDeadLetteredAsNullValue() {
        follows.pipeInput("u1", null, T0);

        assertThat(dlq.readRecordsToList()).singleElement()
                .satisfies(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON)).isEqualTo("NULL_VALUE"));
    }

    @Test
    void aFollowIsRememberedUnderItsRecordKey() {
        follows.pipeInput("u1", new Follow(1, "u1", FOLLOWED), T0);

        assertThat(memory().get("u1").follows()).singleElement().asString().contains("Bus Fan");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aFollowWithoutFollowerIdIsDeadLetteredAsMissingField() {
        follows.pipeInput("u1", new Follow(1, null, FOLLOWED), T0);

        assertThat(memory().get("u1")).isNull();
        assertThat(dlq.readRecordsToList()).singleElement()
                .satisfies(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON)).isEqualTo("MISSING_FIELD"));
    }

    @Test
    void aFollowWhoseFollowerIdDisagreesWithItsKeyIsDeadLetteredAndNotFiledUnderEither() {
        follows.pipeInput("u1", new Follow(1, "u2", FOLLOWED), T0);

        assertThat(memory().get("u1")).isNull();
        assertThat(memory().get("u2")).isNull();
        assertThat(dlq.readRecordsToList()).singleElement()
                .satisfies(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON)).isEqualTo("KEY_MISMATCH"));
    }

    @Test
    void aFollowWithoutKeyIsDeadLettered() {
        follows.pipeInput(null, new Follow(1, "u1", FOLLOWED), T0);

        assertThat(memory().get("u1")).isNull();
        assertThat(dlq.readRecordsToList()).singleElement()
                .satisfies(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON)).isEqualTo("MISSING_FIELD"));
    }

    private KeyValueStore<String, AuthorMemory> memory() {
        return driver.getKeyValueStore(GenerationStage.MEMORY_STORE);
    }
}
