package io.chorus.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.config.ChorusConfig;
import io.chorus.kafka.EmbeddedKafkaBroker;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.testing.TopicReader;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves on a real broker whose retention check runs every half second that a backfill of posts years old keeps every
 * output: the scored and enriched posts, the aggregates and the window stores' changelogs are all still there, from
 * offset 0, after the broker has demonstrably deleted an old-timestamped record elsewhere.
 */
class OutputRetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int POSTS = 30;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(0, null, Map.of("log.retention.check.interval.ms", "500", "log.initial.task.delay.ms", "0"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void outputsOfPostsYearsOldSurviveTheBrokersRetentionCheck() throws Exception {
        ChorusConfig config = Runs.isolated(broker.bootstrapServers(), Map.of(ChorusConfig.COMMUNITIES_ENABLED, true,
                ChorusConfig.COMMUNITIES_FLUSH_MS, 100L, ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2"));
        Topics topics = Topics.from(config);
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        try (ChorusApp app = ChorusApp.start(config, deps, true);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.kafkaClientProps(), new ByteArraySerializer(),
                     new ByteArraySerializer());
             Admin admin = Admin.create(config.kafkaClientProps())) {
            app.awaitRunning(WAIT);
            for (String author : List.of("a1", "a2", "a3")) {
                send(producer, topics.profiles.name(), author, JsonSerde.of(Profile.class)
                        .toBytes(new Profile(1, author, "Name " + author, null, "I love video games", null, null)));
            }
            List<Post> posts = historicalPosts();
            for (Post p : posts) {
                send(producer, topics.posts.name(), p.authorId(), JsonSerde.of(Post.class).toBytes(p));
            }
            producer.flush();
            Runs.awaitAllConsumed(config, topics.posts.name(), WAIT);
            TopicReader.readAtLeast(config.bootstrapServers(), topics.name(TopicId.ENRICHED), POSTS, WAIT);

            awaitARetentionCheckThatDeletesAnOldRecord(admin, producer);

            assertThat(TopicReader.readAll(config.bootstrapServers(), topics.scored.name())).hasSize(POSTS);
            assertThat(TopicReader.readAll(config.bootstrapServers(), topics.name(TopicId.ENRICHED))).hasSize(POSTS);
            assertThat(TopicReader.readAll(config.bootstrapServers(), topics.name(TopicId.STATS))).isNotEmpty();
            List<String> kept = new ArrayList<>(List.of(topics.scored.name(), topics.name(TopicId.ENRICHED), topics.name(TopicId.STATS),
                    config.applicationId() + "-community-sentiment-1m-changelog", config.applicationId() + "-community-sentiment-1h-changelog"));
            for (String topic : kept) {
                assertThat(earliestOffsets(admin, topic)).as("earliest offsets of %s", topic).allSatisfy((tp, o) -> assertThat(o).isZero());
            }
        }
    }

    @Test
    void repartitionTopicsKeepRecordsWithoutTimeRetention() throws Exception {
        ChorusConfig config = Runs.isolated(broker.bootstrapServers(), Map.of(ChorusConfig.COMMUNITIES_ENABLED, true));
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        try (ChorusApp app = ChorusApp.start(config, deps, true); Admin admin = Admin.create(config.kafkaClientProps())) {
            app.awaitRunning(WAIT);
            String repartition = config.applicationId() + "-scored-by-author-repartition";
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, repartition);
            var retention = admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value();
            assertThat(retention).as("retention.ms of %s (Kafka Streams purges it after each commit instead)", repartition).isEqualTo("-1");
        }
    }

    /** Posts from 2009 to 2024, in shuffled (out-of-event-time) order. */
    private static List<Post> historicalPosts() {
        Random random = new Random(1);
        List<Post> posts = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            Instant at = java.time.LocalDate.of(2009 + i / 2, 1 + (i % 12), 1 + (i % 27)).atTime(12, 0).toInstant(ZoneOffset.UTC);
            posts.add(new Post(1, "h-" + i, "a" + (1 + i % 3), i % 2 == 0 ? "a good game" : "a bad game", at, "en", List.of(), null));
        }
        Collections.shuffle(posts, random);
        return posts;
    }

    /**
     * A record stamped 2010 on a fresh topic with a week of time retention (CreateTime, as outputs were before) is
     * deleted by the broker's next retention check: once its log start moves, a check has run after our outputs were
     * written.
     */
    private static void awaitARetentionCheckThatDeletesAnOldRecord(Admin admin, KafkaProducer<byte[], byte[]> producer) throws Exception {
        String probe = "retention-probe-" + System.nanoTime();
        admin.createTopics(List.of(new NewTopic(probe, Optional.of(1), Optional.empty())
                .configs(Map.of("retention.ms", "604800000")))).all().get();
        long old = Instant.parse("2010-01-01T00:00:00Z").toEpochMilli();
        producer.send(new ProducerRecord<>(probe, 0, old, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8))).get();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> earliestOffsets(admin, probe).get(new TopicPartition(probe, 0)) > 0);
    }

    private static Map<TopicPartition, Long> earliestOffsets(Admin admin, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.earliest());
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }
}
