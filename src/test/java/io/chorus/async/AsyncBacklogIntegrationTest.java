package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.openai.OpenAiChatClient;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.model.ScoredPost;
import io.chorus.serde.JsonSerde;
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
import org.apache.kafka.common.Metric;
import org.junit.jupiter.api.Test;

/**
 * Proves on a real broker with exactly-once that a backlog behind model calls slower than the transaction timeout
 * (stub latency 3.5 s, {@code transaction.timeout.ms} 3 s) is scored completely: every input gives exactly one
 * output, none is dead-lettered, and the stream thread is never fenced (no task closed while running).
 */
class AsyncBacklogIntegrationTest {

    private static final int POSTS = 40;

    @Test
    void aBacklogOfSlowCallsCompletesWithoutFencingTheStreamThread() throws Exception {
        try (StubLlmServer stub = StubLlmServer.builder().port(0).latency(Duration.ofMillis(3_500)).recordRequests(false).start()) {
            ChorusConfig config = SharedBroker.isolatedConfig(Map.ofEntries(Map.entry(ChorusConfig.SENTIMENT_SCORER, "llm"),
                    Map.entry(ChorusConfig.LLM_BASE_URL, stub.baseUrl()), Map.entry(ChorusConfig.LLM_MODEL, StubLlmServer.DEFAULT_MODEL),
                    Map.entry(ChorusConfig.LLM_API_KEY, "sk-test"), Map.entry(ChorusConfig.COMMUNITIES_ENABLED, false),
                    Map.entry(ChorusConfig.ASYNC_CAPACITY, 8), Map.entry(ChorusConfig.ASYNC_MAX_PENDING, 8),
                    Map.entry(ChorusConfig.ASYNC_MAX_BLOCK_MS, 500L), Map.entry(ChorusConfig.ASYNC_EXECUTOR_THREADS, 8),
                    Map.entry("streams.producer.transaction.timeout.ms", 3_000)));
            Topics topics = Topics.from(config);
            ChorusApp.ensureTopics(config);
            String lines = IntStream.range(0, POSTS).mapToObj(i -> String.format(
                    "{\"schemaVersion\":1,\"id\":\"b-%d\",\"authorId\":\"u-%d\",\"text\":\"backlog post %d\"}", i, i % 5, i))
                    .collect(Collectors.joining("\n"));
            try (ModelGateway gateway = new ModelGateway(OpenAiChatClient.fromConfig(config), GatewaySettings.fromConfig(config),
                    new SimpleMeterRegistry());
                 ChorusApp app = ChorusApp.start(config, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC(), gateway), false);
                 var producer = FeedProducer.producer(config.kafkaClientProps())) {
                app.awaitRunning(Duration.ofSeconds(60));
                FeedProducer.produceLines(producer, topics.posts.name(), "authorId", new BufferedReader(new StringReader(lines)));

                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> TopicReader.readAll(config.bootstrapServers(), topics.scored.name()).size() >= POSTS);
                JsonSerde<ScoredPost> serde = JsonSerde.of(ScoredPost.class);
                List<String> ids = TopicReader.readAll(config.bootstrapServers(), topics.scored.name()).stream()
                        .map(r -> serde.fromBytes(r.value()).postId()).toList();
                assertThat(ids).hasSize(POSTS).doesNotHaveDuplicates();
                assertThat(TopicReader.readAll(config.bootstrapServers(), topics.dlq.name())).isEmpty();
                assertThat(threadMetric(app, "task-closed-total")).as("tasks closed while running: the thread was fenced").isZero();
            }
        }
    }

    private static double threadMetric(ChorusApp app, String name) {
        return app.streams().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("stream-thread-metrics"))
                .map(Map.Entry::getValue).map(Metric::metricValue).mapToDouble(v -> ((Number) v).doubleValue()).sum();
    }
}
