package io.chorus.topology;

import io.chorus.testing.TopologyHarness;
import io.chorus.deadletter.DeadLetters;
import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.model.ScoredPost;
import io.chorus.model.SentimentLabel;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
import io.chorus.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves the topology scores valid posts to chorus.posts.scored and dead-letters every kind of bad input, unchanged, with its reason. */
class ChorusTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    // at_least_once here: TopologyTestDriver 4.4 does not capture dead letters written by the deserialization
    // handler under exactly_once_v2 (the real broker does; PipelineIntegrationTest proves that path with EOS).
    private final ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.INPUT_MAX_TEXT_CHARS, "50",
            ChorusConfig.PROCESSING_GUARANTEE, "at_least_once"));
    private final Topics topics = Topics.from(config);
    private final FakeScorer scorer = FakeScorer.keywords();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> posts;
    private TestOutputTopic<String, ScoredPost> scored;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void setUp() {
        Properties props = TopologyHarness.properties(config);
        driver = new TopologyTestDriver(ChorusTopology.build(config, new TopologyDeps(scorer, Clock.fixed(NOW, ZoneOffset.UTC))), props);
        posts = driver.createInputTopic(topics.posts.name(), new ByteArraySerializer(), new ByteArraySerializer());
        scored = driver.createOutputTopic(topics.scored.name(), new StringDeserializer(), JsonSerde.of(ScoredPost.class).deserializer());
        dlq = driver.createOutputTopic(topics.dlq.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void scoresAValidPostKeyedByPostId() {
        send("u-1", "{\"schemaVersion\":1,\"id\":\"p-1\",\"authorId\":\"u-1\",\"text\":\"a good day\",\"createdAt\":\"2026-11-01T08:00:00Z\"}");

        TestRecord<String, ScoredPost> out = scored.readRecord();
        assertThat(out.key()).isEqualTo("p-1");
        assertThat(out.value().score()).isEqualTo(90.0);
        assertThat(out.value().label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(out.value().scorer()).isEqualTo("fake");
        assertThat(out.value().authorId()).isEqualTo("u-1");
        assertThat(out.value().post().text()).isEqualTo("a good day");
        assertThat(out.value().scoredAt()).isEqualTo(NOW);
        assertThat(out.timestamp()).isEqualTo(Instant.parse("2026-11-01T08:00:00Z").toEpochMilli());
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void deadLettersEveryKindOfBadInputUnchangedAndKeepsGoing() {
        List<String[]> bad = List.of(
                new String[] {"{\"schemaVersion\":1,\"id\":\"p-2\",", "MALFORMED_JSON", null},
                new String[] {"[\"not\",\"an\",\"object\"]", "NOT_AN_OBJECT", null},
                new String[] {"{\"schemaVersion\":1,\"id\":\"p-3\",\"authorId\":\"u-1\"}", "MISSING_FIELD", "text: required"},
                new String[] {"{\"schemaVersion\":1,\"id\":\"p-4\",\"authorId\":\"u-1\",\"text\":12}", "WRONG_TYPE", "text: type string"},
                new String[] {"{\"schemaVersion\":7,\"id\":\"p-5\",\"authorId\":\"u-1\",\"text\":\"hi\"}", "UNSUPPORTED_SCHEMA_VERSION", null},
                new String[] {"{\"schemaVersion\":1,\"id\":\"p-6\",\"authorId\":\"u-1\",\"text\":\"" + "z".repeat(51) + "\"}", "TOO_LARGE", "text: maxLength 50 (input.max.text.chars)"});
        for (String[] b : bad) {
            send("u-1", b[0]);
        }
        send("u-1", "{\"schemaVersion\":1,\"id\":\"p-7\",\"authorId\":\"u-1\",\"text\":\"bad news\"}");

        List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
        assertThat(letters).hasSize(bad.size());
        for (int i = 0; i < bad.size(); i++) {
            TestRecord<byte[], byte[]> letter = letters.get(i);
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo(bad.get(i)[0]);
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("u-1");
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_REASON)).isEqualTo(bad.get(i)[1]);
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_VIOLATION)).as("the schema rule broken").isEqualTo(bad.get(i)[2]);
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_TOPIC)).isEqualTo(topics.posts.name());
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_OFFSET)).isEqualTo(Integer.toString(i));
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_PARTITION)).isEqualTo("0");
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_MESSAGE)).isNotBlank();
        }
        assertThat(scored.readValuesToList()).extracting(ScoredPost::postId).containsExactly("p-7");
    }

    @Test
    void deadLettersAPostWhoseScorerThrowsAndKeepsGoing() {
        driver.close();
        FakeScorer exploding = new FakeScorer(t -> {
            if (t.contains("boom")) {
                throw new IllegalStateException("scorer exploded");
            }
            return 50;
        });
        driver = new TopologyTestDriver(ChorusTopology.build(config, new TopologyDeps(exploding, Clock.systemUTC())),
                TopologyHarness.properties(config));
        posts = driver.createInputTopic(topics.posts.name(), new ByteArraySerializer(), new ByteArraySerializer());
        scored = driver.createOutputTopic(topics.scored.name(), new StringDeserializer(), JsonSerde.of(ScoredPost.class).deserializer());
        dlq = driver.createOutputTopic(topics.dlq.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());

        String boom = "{\"schemaVersion\":1,\"id\":\"p-1\",\"authorId\":\"u-1\",\"text\":\"boom\"}";
        send("u-1", boom);
        send("u-1", "{\"schemaVersion\":1,\"id\":\"p-2\",\"authorId\":\"u-1\",\"text\":\"fine\"}");

        TestRecord<byte[], byte[]> letter = dlq.readRecord();
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo(boom);
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_REASON)).isEqualTo("PROCESSING_ERROR");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_STAGE)).isEqualTo("process:score-sentiment");
        assertThat(scored.readValuesToList()).extracting(ScoredPost::postId).containsExactly("p-2");
    }

    private void send(String key, String value) {
        posts.pipeInput(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
