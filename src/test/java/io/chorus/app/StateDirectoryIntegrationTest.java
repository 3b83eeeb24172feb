package io.chorus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.config.ChorusConfig;
import io.chorus.kafka.EmbeddedKafkaBroker;
import io.chorus.sentiment.VaderSentimentScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.testing.TopicReader;
import io.chorus.topology.TopologyDeps;
import io.chorus.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that with the default (empty) state.dir the same application run against two different clusters keeps its
 * local state in two per-user directories keyed by cluster id, so the second run starts clean instead of meeting the
 * first cluster's checkpoints (a TaskCorruptedException and a wiped store).
 */
class StateDirectoryIntegrationTest {

    private String realHome;
    private Path home;

    @BeforeEach
    void separateHome() throws Exception {
        realHome = System.getProperty("user.home");
        home = Files.createTempDirectory("chorus-home-");
        System.setProperty("user.home", home.toString()); // keep the per-user directory of this test out of the real home
    }

    @AfterEach
    void restoreHome() {
        System.setProperty("user.home", realHome);
    }

    @Test
    void runsAgainstTwoClustersKeepTheirStateApartAndBothStartClean() {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(); EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start()) {
            Path firstState = runOnce(first);
            Path secondState = runOnce(second);

            assertThat(firstState).isNotEqualTo(secondState);
            assertThat(firstState.getParent().getFileName().toString()).isEqualTo(StateDirectory.clusterId(config(first)));
            assertThat(secondState.getParent().getFileName().toString()).isEqualTo(StateDirectory.clusterId(config(second)));
            assertThat(firstState.toString()).startsWith(home.resolve(".local/state/chorus").toString());
            assertThat(firstState).as("the first run's state is still there, untouched by the second").isDirectory();
        }
    }

    /** One run: its state directory must not exist before it starts; it scores the posts it is given. */
    private static Path runOnce(EmbeddedKafkaBroker broker) {
        ChorusConfig config = config(broker);
        Path expected = ChorusApp.stateDir(StateDirectory.resolve(config));
        assertThat(expected).as("a fresh cluster gets a fresh state directory").doesNotExist();
        Topics topics = Topics.from(config);
        TopologyDeps deps = new TopologyDeps(new VaderSentimentScorer(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        try (ChorusApp app = ChorusApp.start(config, deps, true)) {
            app.awaitRunning(Duration.ofSeconds(120));
            assertThat(ChorusApp.stateDir(app.config())).isEqualTo(expected);
            try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
                for (int i = 1; i <= 3; i++) {
                    String post = "{\"schemaVersion\":1,\"id\":\"p-" + i + "\",\"authorId\":\"u-1\",\"text\":\"What a great day\","
                            + "\"createdAt\":\"2026-12-01T08:00:0" + i + "Z\",\"lang\":\"en\",\"images\":[],\"replyTo\":null}";
                    FeedProducer.produceOne(producer, topics.posts.name(), "u-1", post.getBytes(StandardCharsets.UTF_8));
                }
            }
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(TopicReader.readAll(config.bootstrapServers(), topics.scored.name())).hasSize(3));
        }
        return expected;
    }

    private static ChorusConfig config(EmbeddedKafkaBroker broker) {
        return new ChorusConfig(Map.of(ChorusConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                ChorusConfig.APPLICATION_ID, "chorus-two-clusters", ChorusConfig.HTTP_ENABLED, "false",
                ChorusConfig.GENERATION_ENABLED, "false", ChorusConfig.COMMIT_INTERVAL_MS, "100")); // communities: persistent stores
    }
}
