package io.chorus.topology;

import io.chorus.deadletter.DeadLetters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.model.ScoredPost;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.SharedBroker;
import io.chorus.testing.TopicReader;
import io.chorus.topics.Topics;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Proves, on a real embedded KRaft broker with exactly_once_v2, that every valid post reaches chorus.posts.scored
 * exactly once and every bad record reaches chorus.dlq with its reason, as an independent read_committed consumer sees them.
 */
class PipelineIntegrationTest {

    @Test
    void scoresValidPostsOnceAndDeadLettersBadOnesOnARealBroker() throws Exception {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2"));
        Topics topics = Topics.from(config);
        ChorusApp.ensureTopics(config);

        StringBuilder lines = new StringBuilder();
        IntStream.range(0, 200).forEach(i -> lines.append(String.format(
                "{\"schemaVersion\":1,\"id\":\"p-%d\",\"authorId\":\"u-%d\",\"text\":\"%s\"}%n", i, i % 17, i % 2 == 0 ? "good" : "bad")));
        lines.append("{\"schemaVersion\":1,\"id\":\"p-x\",\"authorId\":\"u-1\"\n");
        lines.append("{\"schemaVersion\":1,\"id\":\"p-y\",\"authorId\":\"u-1\",\"text\":[1]}\n");
        lines.append("{\"schemaVersion\":2,\"id\":\"p-z\",\"authorId\":\"u-1\",\"text\":\"good\"}\n");

        try (ChorusApp app = ChorusApp.start(config, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()), false);
             var producer = FeedProducer.producer(config.kafkaClientProps())) {
            app.awaitRunning(Duration.ofSeconds(60));
            int sent = FeedProducer.produceLines(producer, topics.posts.name(), "authorId", new BufferedReader(new StringReader(lines.toString())));
            assertThat(sent).isEqualTo(203);

            List<ConsumerRecord<byte[], byte[]>> scored = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                scored.clear();
                scored.addAll(TopicReader.readAll(config.bootstrapServers(), topics.scored.name()));
                assertThat(scored).hasSizeGreaterThanOrEqualTo(200);
            });
            JsonSerde<ScoredPost> serde = JsonSerde.of(ScoredPost.class);
            List<ScoredPost> values = scored.stream().map(r -> serde.fromBytes(r.value())).toList();
            assertThat(values).extracting(ScoredPost::postId).doesNotHaveDuplicates().hasSize(200);
            assertThat(values).allSatisfy(v -> assertThat(v.score()).isEqualTo(v.post().text().equals("good") ? 90.0 : 10.0));
            assertThat(scored).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).startsWith("p-"));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var letters = TopicReader.readAll(config.bootstrapServers(), topics.dlq.name());
                assertThat(letters).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON))
                        .containsExactlyInAnyOrder("MALFORMED_JSON", "WRONG_TYPE", "UNSUPPORTED_SCHEMA_VERSION");
            });
        }
    }
}
