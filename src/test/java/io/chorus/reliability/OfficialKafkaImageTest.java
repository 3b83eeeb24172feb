package io.chorus.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.testing.FakeScorer;
import io.chorus.topics.Topics;
import io.chorus.deadletter.DeadLetters;
import io.chorus.topology.TopologyDeps;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Proves the end-to-end scenario (good and bad lines in, scored posts and dead letters out, exactly once) on the
 * official apache/kafka image, not only on the embedded broker. Skipped where no Docker engine is available; the
 * same scenario always runs on the embedded broker in {@code PipelineIntegrationTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
class OfficialKafkaImageTest {

    private static final int GOOD = 200;

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void scoresGoodLinesOnceAndDeadLettersBadOnesOnTheOfficialKafkaImage() throws Exception {
        ChorusConfig config = Runs.isolated(KAFKA.getBootstrapServers(), Map.of(ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2"));
        Topics topics = Topics.from(config);
        String lines = IntStream.range(0, GOOD).mapToObj(i -> Outcomes.post("p-" + i, "u-" + (i % 13), i % 2 == 0 ? "good" : "bad"))
                .collect(Collectors.joining("\n"))
                + "\n{\"schemaVersion\":1,\"id\":\"p-x\",\"authorId\":\"u-1\"\n"
                + "{\"schemaVersion\":1,\"id\":\"p-y\",\"authorId\":\"u-1\",\"text\":[1]}\n"
                + "{\"schemaVersion\":2,\"id\":\"p-z\",\"authorId\":\"u-1\",\"text\":\"good\"}\n";

        try (ChorusApp app = ChorusApp.start(config, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()), true);
             var producer = FeedProducer.producer(config.kafkaClientProps())) {
            app.awaitRunning(Duration.ofSeconds(120));
            int sent = FeedProducer.produceLines(producer, topics.posts.name(), "authorId", new BufferedReader(new StringReader(lines)));
            assertThat(sent).isEqualTo(GOOD + 3);

            Outcomes done = Outcomes.awaitUntil(config.bootstrapServers(), topics, Duration.ofSeconds(120), o -> o.total() >= GOOD + 3);
            assertThat(done.scoredIds()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, GOOD).mapToObj(i -> "p-" + i).toList());
            assertThat(done.deadLetters()).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON))
                    .containsExactlyInAnyOrder("MALFORMED_JSON", "WRONG_TYPE", "UNSUPPORTED_SCHEMA_VERSION");
        }
    }
}
