package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Proves on a real broker that a model call which starts and ends between two commits leaves no saved entry in the
 * in-flight store's changelog (only its delete), while every input still gets exactly one output and nothing stays
 * in flight.
 */
class AsyncChangelogTrafficIntegrationTest {

    private static final int POSTS = 40;

    @Test
    void callsFinishedBeforeTheCommitAreNotWrittenToTheInFlightChangelog() throws Exception {
        // a long commit interval: the fake answers at once, so nearly every call ends before the next commit
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.SENTIMENT_SCORER, "llm",
                ChorusConfig.ASYNC_ORDERING, "UNORDERED", ChorusConfig.COMMIT_INTERVAL_MS, 2_000L));
        Topics topics = Topics.from(config);
        ChorusApp.ensureTopics(config);
        String lines = IntStream.range(0, POSTS).mapToObj(i -> String.format(
                "{\"schemaVersion\":1,\"id\":\"p-%d\",\"authorId\":\"u-%d\",\"text\":\"quick post %d good\"}", i, i % 7, i))
                .collect(Collectors.joining("\n"));

        FakeChatClient client = FakeChatClient.sentiment();
        try (ModelGateway gateway = new ModelGateway(client, GatewaySettings.fromConfig(config), new SimpleMeterRegistry());
             ChorusApp app = ChorusApp.start(config, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC(), gateway), false);
             var producer = FeedProducer.producer(config.kafkaClientProps())) {
            app.awaitRunning(Duration.ofSeconds(60));
            FeedProducer.produceLines(producer, topics.posts.name(), "authorId", new BufferedReader(new StringReader(lines)));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TopicReader.readAll(config.bootstrapServers(), topics.scored.name()).size() >= POSTS);
        }

        List<ConsumerRecord<byte[], byte[]>> changelog = TopicReader.readAll(config.bootstrapServers(),
                config.applicationId() + "-sentiment-inflight-changelog");
        long saved = changelog.stream().filter(r -> r.value() != null).count();
        // saving every input first (put, then delete) would write POSTS entries here
        assertThat(saved).as("entries saved to the changelog").isLessThan(POSTS);
        Map<String, byte[]> last = new HashMap<>();
        changelog.forEach(r -> last.put(new String(r.key()), r.value()));
        assertThat(last.values()).as("entries left in flight").allMatch(v -> v == null);
        assertThat(TopicReader.readAll(config.bootstrapServers(), topics.scored.name())).hasSize(POSTS);
    }
}
