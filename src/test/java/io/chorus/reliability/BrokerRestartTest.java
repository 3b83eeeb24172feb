package io.chorus.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.kafka.EmbeddedKafkaBroker;
import io.chorus.testing.FakeScorer;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that the pipeline rides out a broker restart (same port, same data directory) while it runs: posts
 * produced before and after the outage are each scored exactly once, and the instance is RUNNING afterwards.
 */
class BrokerRestartTest {

    private static final int POSTS = 600;

    @Test
    void pipelineScoresEveryPostOnceAcrossABrokerRestart(@TempDir Path dataDir) throws Exception {
        long started = System.nanoTime();
        int port = Runs.freePort();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dataDir);
        try {
            ChorusConfig config = Runs.isolated(broker.bootstrapServers(), Map.of(ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2"));
            Topics topics = Topics.from(config);
            try (ChorusApp app = ChorusApp.start(config, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()), true)) {
                app.awaitRunning(Duration.ofSeconds(60));
                produce(config, topics, 0, POSTS / 2);
                Outcomes.awaitUntil(config.bootstrapServers(), topics, Duration.ofSeconds(60), o -> o.scoredIds().size() >= POSTS / 4);

                broker.close();
                long down = System.nanoTime();
                broker = EmbeddedKafkaBroker.start(port, dataDir);
                System.out.printf("BrokerRestartTest: broker down for %d ms%n", (System.nanoTime() - down) / 1_000_000);

                produce(config, topics, POSTS / 2, POSTS);
                Outcomes done = Outcomes.awaitUntil(config.bootstrapServers(), topics, Duration.ofSeconds(120),
                        o -> o.scoredIds().size() >= POSTS);
                System.out.printf("BrokerRestartTest: %d posts in, %d scored (%d distinct), %d dead letters, state %s, %d s%n", POSTS,
                        done.scoredIds().size(), done.scoredIds().stream().distinct().count(), done.deadLetters().size(),
                        app.streams().state(), (System.nanoTime() - started) / 1_000_000_000);
                assertThat(done.scoredIds()).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, POSTS).mapToObj(i -> "p-" + i).toList());
                assertThat(done.deadLetters()).isEmpty();
                assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        } finally {
            broker.close();
        }
    }

    private static void produce(ChorusConfig config, Topics topics, int from, int to) throws Exception {
        String lines = IntStream.range(from, to).mapToObj(i -> Outcomes.post("p-" + i, "u-" + (i % 19), i % 2 == 0 ? "good" : "bad"))
                .collect(Collectors.joining("\n"));
        try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
            FeedProducer.produceLines(producer, topics.posts.name(), "authorId", new BufferedReader(new StringReader(lines)));
        }
    }
}
