package io.chorus.topology;

import io.chorus.testing.TopologyHarness;
import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.deadletter.DeadLetters;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the audit application dead-letters what the main topology would skip without a trace: a profile or a
 * campaign without a key (MISSING_KEY, bytes unchanged, coordinates in the headers), and nothing else.
 */
class GlobalStoreAuditTest {

    private static final String PROFILE = "{\"schemaVersion\":1,\"userId\":\"u-1\",\"name\":\"Robin\",\"handle\":\"@robin\",\"bio\":\"I love games\"}";
    private static final String CAMPAIGN = "{\"schemaVersion\":1,\"id\":\"c-1\",\"topic\":\"transit\",\"stance\":\"support buses\",\"contentType\":\"reply\","
            + "\"audience\":{},\"perAuthorDailyCap\":1,\"disclosure\":\"[AI-generated]\",\"active\":true}";

    private TopologyTestDriver driver;
    private Topics topics;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void start() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.BOOTSTRAP_SERVERS, "unused:9092",
                ChorusConfig.PROCESSING_GUARANTEE, "at_least_once"));
        topics = Topics.from(config);
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        var main = ChorusTopology.build(config, deps);
        Properties props = TopologyHarness.withOwnStateDir(GlobalStoreAudit.properties(ChorusTopology.streamsProperties(config)));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(GlobalStoreAudit.build(main, config), props);
        dlq = driver.createOutputTopic(topics.dlq.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void pipe(String topic, String key, String value) {
        TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
        in.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deadLettersAProfileWithoutAKeyWithItsBytesUnchanged() {
        pipe(topics.profiles.name(), null, PROFILE);

        List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
        assertThat(letters).hasSize(1);
        assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(PROFILE);
        assertThat(DeadLetters.header(letters.get(0).headers(), DeadLetters.HEADER_REASON)).isEqualTo("MISSING_KEY");
        assertThat(DeadLetters.header(letters.get(0).headers(), DeadLetters.HEADER_TOPIC)).isEqualTo(topics.profiles.name());
    }

    @Test
    void leavesAProfileWithAKeyToTheMainApplication() {
        pipe(topics.profiles.name(), "u-1", PROFILE);
        pipe(topics.profiles.name(), "u-2", "not json at all");

        assertThat(dlq.readRecordsToList()).as("the main application's serde dead-letters bad values, not the audit").isEmpty();
    }

    @Test
    void deadLettersACampaignWithoutAKey() {
        pipe(topics.campaigns.name(), null, CAMPAIGN);

        List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
        assertThat(letters).hasSize(1);
        assertThat(DeadLetters.header(letters.get(0).headers(), DeadLetters.HEADER_REASON)).isEqualTo("MISSING_KEY");
    }

    @Test
    void storesNothingForAKeyedValidCampaign() {
        pipe(topics.campaigns.name(), "c-1", CAMPAIGN);

        assertThat(dlq.readRecordsToList()).isEmpty();
    }

    @Test
    void deadLettersACampaignTheGuardrailsRefuseWithTheRefusal() {
        pipe(topics.campaigns.name(), "c-1", CAMPAIGN.replace("\"perAuthorDailyCap\":1", "\"perAuthorDailyCap\":42"));
        pipe(topics.campaigns.name(), "c-2", CAMPAIGN.replace("\"c-1\"", "\"c-2\"").replace("[AI-generated]", "\u200b\u200b\u200b\u200b"));

        List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
        assertThat(letters).hasSize(2);
        assertThat(letters).allSatisfy(l -> assertThat(DeadLetters.header(l.headers(), DeadLetters.HEADER_REASON)).isEqualTo("CAMPAIGN_REFUSED"));
        assertThat(DeadLetters.header(letters.get(0).headers(), DeadLetters.HEADER_MESSAGE)).contains("perAuthorDailyCap").contains("42");
        assertThat(DeadLetters.header(letters.get(1).headers(), DeadLetters.HEADER_MESSAGE)).contains("disclosure");
        assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).contains("\"id\":\"c-1\"");
    }
}
