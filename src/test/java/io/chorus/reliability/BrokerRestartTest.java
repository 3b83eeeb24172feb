package io.chorus.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.kafka.EmbeddedKafkaBroker;
import io.chorus.model.EnrichedPost;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.testing.TopicReader;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that the pipeline rides out a broker restart (same port, same data directory) while it runs: posts
 * produced before and after the outage are each scored exactly once, every one of them also reaches the enriched topic
 * (the stage behind the {@code scored-by-author} repartition topic, which the exactly-once producer writes in the same
 * transactions), and the instance is RUNNING afterwards.
 */
class BrokerRestartTest {

    private static final int POSTS = 600;
    private static final JsonSerde<EnrichedPost> ENRICHED = JsonSerde.of(EnrichedPost.class);

    @Test
    void pipelineScoresEveryPostOnceAcrossABrokerRestart(@TempDir Path dataDir) throws Exception {
        long started = System.nanoTime();
        int port = Runs.freePort();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dataDir);
        try {
            // Communities on: enrichment runs behind the scored-by-author repartition topic.
            ChorusConfig config = Runs.isolated(broker.bootstrapServers(), Map.of(ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2",
                    ChorusConfig.COMMUNITIES_ENABLED, true));
            Topics topics = Topics.from(config);
            TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
            try (ChorusApp app = ChorusApp.start(config, deps, true)) {
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
                List<String> enriched = List.of();
                try {
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                            .until(() -> enrichedIds(config, topics).stream().distinct().count() >= POSTS);
                } finally {
                    enriched = enrichedIds(config, topics);
                    System.out.printf("BrokerRestartTest: %d posts in, %d scored (%d distinct), %d enriched (%d distinct), %d dead letters, "
                            + "state %s, %d s%n", POSTS, done.scoredIds().size(), done.scoredIds().stream().distinct().count(),
                            enriched.size(), enriched.stream().distinct().count(), done.deadLetters().size(), app.streams().state(),
                            (System.nanoTime() - started) / 1_000_000_000);
                }
                assertThat(done.scoredIds()).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, POSTS).mapToObj(i -> "p-" + i).toList());
                assertThat(enriched).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, POSTS).mapToObj(i -> "p-" + i).toList());
                assertThat(done.deadLetters()).isEmpty();
                assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        } finally {
            broker.close();
        }
    }

    private static List<String> enrichedIds(ChorusConfig config, Topics topics) {
        return TopicReader.readAll(config.bootstrapServers(), topics.name(TopicId.ENRICHED)).stream()
                .map(r -> ENRICHED.fromBytes(r.value()).postId()).toList();
    }

    private static void produce(ChorusConfig config, Topics topics, int from, int to) throws Exception {
        String lines = IntStream.range(from, to).mapToObj(i -> Outcomes.post("p-" + i, "u-" + (i % 19), i % 2 == 0 ? "good" : "bad"))
                .collect(Collectors.joining("\n"));
        try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
            FeedProducer.produceLines(producer, topics.posts.name(), "authorId", new BufferedReader(new StringReader(lines)));
        }
    }
}
