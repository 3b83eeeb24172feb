package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.model.ScoredPost;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeChatClient;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.SharedBroker;
import io.chorus.testing.TopicReader;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

/**
 * Proves crash safety on a real broker with exactly_once_v2: requests in flight when an instance stops are saved
 * with their input offsets, issued again by the next instance, and each input yields exactly one output.
 */
class AsyncRestartIntegrationTest {

    private static final int POSTS = 40;

    @Test
    void requestsInFlightAtStopAreReissuedAfterRestartAndEachOutputAppearsOnce() throws Exception {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.SENTIMENT_SCORER, "llm",
                ChorusConfig.ASYNC_CAPACITY, 100, ChorusConfig.ASYNC_ORDERING, "UNORDERED",
                ChorusConfig.ASYNC_EXECUTOR_THREADS, POSTS));
        Topics topics = Topics.from(config);
        ChorusApp.ensureTopics(config);
        String lines = IntStream.range(0, POSTS).mapToObj(i -> String.format(
                "{\"schemaVersion\":1,\"id\":\"p-%d\",\"authorId\":\"u-%d\",\"text\":\"held post %d good\"}", i, i % 7, i))
                .collect(Collectors.joining("\n"));

        FakeChatClient stuck = FakeChatClient.sentiment().hold("held");
        try (ModelGateway gateway = new ModelGateway(stuck, GatewaySettings.fromConfig(config), new SimpleMeterRegistry());
             ChorusApp first = ChorusApp.start(config, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC(), gateway), false);
             var producer = FeedProducer.producer(config.kafkaClientProps())) {
            first.awaitRunning(Duration.ofSeconds(60));
            FeedProducer.produceLines(producer, topics.posts.name(), "authorId", new BufferedReader(new StringReader(lines)));
            await().atMost(Duration.ofSeconds(60)).until(() -> stuck.requestCount() == POSTS);
            // the inputs' offsets are committed while their calls are still in flight
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(config, topics.posts.name()) == POSTS);
        } // the instance stops with every call still held: nothing was emitted

        assertThat(TopicReader.readAll(config.bootstrapServers(), topics.scored.name())).isEmpty();

        FakeChatClient healthy = FakeChatClient.sentiment();
        try (ModelGateway gateway = new ModelGateway(healthy, GatewaySettings.fromConfig(config), new SimpleMeterRegistry());
             ChorusApp second = ChorusApp.start(config, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC(), gateway), false)) {
            second.awaitRunning(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TopicReader.readAll(config.bootstrapServers(), topics.scored.name()).size() >= POSTS);
            JsonSerde<ScoredPost> serde = JsonSerde.of(ScoredPost.class);
            List<String> ids = TopicReader.readAll(config.bootstrapServers(), topics.scored.name()).stream()
                    .map(r -> serde.fromBytes(r.value()).postId()).toList();
            assertThat(ids).hasSize(POSTS).doesNotHaveDuplicates();
            assertThat(healthy.requestCount()).as("every saved request was issued again").isEqualTo(POSTS);
        }
    }

    private static long committed(ChorusConfig config, String topic) throws Exception {
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(config.applicationId()).partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }
}
