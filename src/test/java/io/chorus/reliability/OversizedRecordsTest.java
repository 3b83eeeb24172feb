package io.chorus.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.app.ChorusApp;
import io.chorus.config.ChorusConfig;
import io.chorus.deadletter.DeadLetters;
import io.chorus.model.EnrichedPost;
import io.chorus.model.Profile;
import io.chorus.model.ScoredPost;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.testing.SharedBroker;
import io.chorus.testing.TopicReader;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Proves on a real broker (exactly_once_v2) that records near Kafka's 1 MiB request limit never kill a stream thread:
 * a 1 MiB post and a profile with a huge name are dead-lettered (cut to fit, with their coordinates and reason), an
 * output that grows past the limit from inputs that each fit dead-letters its input (with the destination it missed),
 * and later posts on the same partition are still scored.
 */
class OversizedRecordsTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final JsonSerde<Profile> PROFILE = JsonSerde.of(Profile.class);
    private static final JsonSerde<EnrichedPost> ENRICHED = JsonSerde.of(EnrichedPost.class);

    @Test
    void aOneMebibytePostAndAHugeNameProfileAreDeadLetteredCutAndLaterPostsAreScored() throws Exception {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.HTTP_ENABLED, false,
                ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2", ChorusConfig.COMMUNITIES_FLUSH_MS, 100L));
        Topics topics = Topics.from(config);
        try (ChorusApp app = start(config); KafkaProducer<byte[], byte[]> producer = bigProducer(config)) {
            send(producer, topics.profiles.name(), "u1", PROFILE.toBytes(new Profile(1, "u1", "x".repeat(1_000_000), "@u1", "bio", null, null)));
            send(producer, topics.posts.name(), "u1", utf8(Outcomes.post("huge", "u1", "y".repeat(1_040_000))));
            for (int i = 0; i < 5; i++) {
                send(producer, topics.posts.name(), "u1", utf8(Outcomes.post("after-" + i, "u1", "a good day " + i)));
            }
            producer.flush();

            Runs.awaitAllConsumed(config, topics.posts.name(), WAIT);
            Runs.awaitAllConsumed(config, topics.profiles.name(), WAIT);
            Outcomes outcomes = Outcomes.read(config.bootstrapServers(), topics);

            assertThat(outcomes.scoredIds()).containsExactlyInAnyOrder("after-0", "after-1", "after-2", "after-3", "after-4");
            assertThat(outcomes.deadLetters()).hasSize(2).allSatisfy(r -> {
                assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON)).isEqualTo("TOO_LARGE");
                assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_OFFSET)).isEqualTo("0");
                assertThat(r.serializedValueSize()).isLessThan(1024 * 1024);
            });
            assertThat(outcomes.deadLetters()).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.HEADER_TOPIC))
                    .containsExactlyInAnyOrder(topics.posts.name(), topics.profiles.name());
            assertNoThreadDied(app);
        }
    }

    @Test
    void anOutputThatGrowsPastTheRequestLimitDeadLettersItsInputAndTheStreamGoesOn() throws Exception {
        Map<String, Object> lifted = new HashMap<>(Map.of(ChorusConfig.HTTP_ENABLED, false,
                ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2", ChorusConfig.COMMUNITIES_FLUSH_MS, 100L,
                ChorusConfig.INPUT_MAX_RECORD_BYTES, 1_000_000, ChorusConfig.INPUT_MAX_FIELD_CHARS, 1_000_000,
                ChorusConfig.INPUT_MAX_TEXT_CHARS, 1_000_000));
        ChorusConfig config = SharedBroker.isolatedConfig(lifted);
        Topics topics = Topics.from(config);
        try (ChorusApp app = start(config); KafkaProducer<byte[], byte[]> producer = bigProducer(config)) {
            // Each input fits; the enriched post carries both the 600 KB text and the 600 KB name, and does not.
            send(producer, topics.profiles.name(), "u1", PROFILE.toBytes(new Profile(1, "u1", "n".repeat(600_000), "@u1", "bio", null, null)));
            producer.flush();
            Runs.awaitAllConsumed(config, topics.profiles.name(), WAIT);
            TopicReader.readAtLeast(config.bootstrapServers(), topics.assignments.name(), 1, WAIT);
            send(producer, topics.posts.name(), "u1", utf8(Outcomes.post("wide", "u1", "w".repeat(600_000))));
            send(producer, topics.posts.name(), "u1", utf8(Outcomes.post("after", "u1", "a good day")));
            producer.flush();

            Runs.awaitAllConsumed(config, topics.posts.name(), WAIT);
            List<ConsumerRecord<byte[], byte[]>> enriched = TopicReader.readAtLeast(config.bootstrapServers(), topics.name(TopicId.ENRICHED), 1, WAIT);
            List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readAtLeast(config.bootstrapServers(), topics.dlq.name(), 1, WAIT);

            assertThat(enriched).extracting(r -> ENRICHED.fromBytes(r.value()).postId()).contains("after").doesNotContain("wide");
            assertThat(letters).anySatisfy(r -> {
                assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON)).isEqualTo("TOO_LARGE");
                assertThat(DeadLetters.header(r.headers(), "chorus.error.destination")).isEqualTo(topics.name(TopicId.ENRICHED));
                assertThat(JsonSerde.of(ScoredPost.class).fromBytes(r.value()).postId()).as("the source record, a scored post").isEqualTo("wide");
                assertThat(r.serializedValueSize()).isLessThan(1024 * 1024);
            });
            assertNoThreadDied(app);
        }
    }

    private static void assertNoThreadDied(ChorusApp app) {
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(app.streamThreadFailures()).as("stream threads that died").isZero();
        assertThat(app.streams().metadataForLocalThreads()).as("no stream thread was replaced")
                .allSatisfy(t -> assertThat(t.threadName()).endsWith("-StreamThread-1"));
    }

    private static ChorusApp start(ChorusConfig config) {
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        ChorusApp app = ChorusApp.start(config, deps, true);
        app.awaitRunning(WAIT);
        return app;
    }

    /** A producer allowed to send records up to the broker's limit (about 1 MiB), as kcat would. */
    private static KafkaProducer<byte[], byte[]> bigProducer(ChorusConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafkaClientProps());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
