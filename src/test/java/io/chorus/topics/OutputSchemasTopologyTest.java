package io.chorus.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.app.SampleFeed;
import io.chorus.community.OperatorCommunities;
import io.chorus.config.ChorusConfig;
import io.chorus.config.TopicId;
import io.chorus.sentiment.VaderSentimentScorer;
import io.chorus.serde.JsonSchemaCheck;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.testing.TopologyHarness;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.TopologyDeps;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * Proves that what the whole topology writes from the sample feed (profiles, follows, campaigns, posts; offline
 * models) conforms, record by record, to each output topic's JSON Schema: the output schemas describe real outputs,
 * not only hand-built ones.
 */
class OutputSchemasTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T15:00:00Z");

    @Test
    void everyRecordTheTopologyWritesFromTheSampleFeedConformsToItsTopicsSchema() throws IOException {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.PROCESSING_GUARANTEE, "at_least_once", ChorusConfig.COMMUNITIES_BATCH_SIZE, 16));
        Topics topics = Topics.from(config);
        TopicSchemas schemas = TopicSchemas.from(config);
        // the sample's operator communities, which the sample campaigns' audiences name, so that replies and captions are written
        KeywordEmbedder embedder = new KeywordEmbedder();
        TopologyDeps deps = new TopologyDeps(new VaderSentimentScorer(), Clock.systemUTC())
                .withCommunities(embedder, OperatorCommunities.loadSeeds(Path.of("src/main/resources/sample/communities.json"), embedder));
        Map<TopicId, Integer> written = new EnumMap<>(TopicId.class);
        List<String> violations = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(ChorusTopology.build(config, deps), TopologyHarness.properties(config), T0)) {
            pipe(driver, topics.profiles.name(), SampleFeed.PROFILES, "userId");
            pipe(driver, topics.campaigns.name(), SampleFeed.CAMPAIGNS, "id");
            pipe(driver, topics.follows.name(), SampleFeed.FOLLOWS, "followerId");
            driver.advanceWallClockTime(Duration.ofMinutes(1));
            pipe(driver, topics.posts.name(), SampleFeed.POSTS, "authorId");
            driver.advanceWallClockTime(Duration.ofMinutes(1));
            for (TopicId id : TopicId.values()) {
                if (id.role() == TopicId.Role.INPUT || id == TopicId.DLQ) {
                    continue;
                }
                JsonSchemaCheck schema = schemas.check(id);
                var out = driver.createOutputTopic(topics.name(id), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                for (var record : out.readRecordsToList()) {
                    if (record.value() == null) {
                        continue; // a tombstone on a compacted topic
                    }
                    written.merge(id, 1, Integer::sum);
                    schema.violations(record.value()).forEach(v -> violations.add(id + " " + v + ": "
                            + new String(record.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        System.out.println("OutputSchemasTopologyTest: records checked per output topic " + written);
        assertThat(violations).isEmpty();
        assertThat(written).containsKeys(TopicId.SCORED, TopicId.ENRICHED, TopicId.COMMUNITIES, TopicId.ASSIGNMENTS, TopicId.STATS,
                TopicId.REPLIES, TopicId.CAPTIONS, TopicId.BEHAVIOR, TopicId.OUTCOMES);
    }

    /** Every line of a sample file, keyed by its {@code keyField}, timestamped by its {@code createdAt} when it has one. */
    private static void pipe(TopologyTestDriver driver, String topic, String file, String keyField) throws IOException {
        TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
        try (BufferedReader reader = SampleFeed.open(file)) {
            for (String line : reader.lines().filter(l -> !l.isBlank()).toList()) {
                var node = parse(line);
                var key = node == null || !node.path(keyField).isTextual() ? null : node.get(keyField).asText().getBytes(StandardCharsets.UTF_8);
                Instant at = node != null && node.path("createdAt").isTextual() ? Instant.parse(node.get("createdAt").asText()) : T0;
                in.pipeInput(key, line.getBytes(StandardCharsets.UTF_8), at);
            }
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String line) {
        try {
            var node = io.chorus.serde.Json.mapper().readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
