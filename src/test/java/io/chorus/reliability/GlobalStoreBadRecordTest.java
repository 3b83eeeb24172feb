package io.chorus.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.deadletter.DeadLetters;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.testing.SharedBroker;
import io.chorus.testing.TopicReader;
import io.chorus.topics.Topics;
import io.chorus.topology.GlobalStoreAudit;
import io.chorus.topology.TopologyDeps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Proves on a real broker that a bad record on a topic read as a global store (a campaign with
 * {@code "perAuthorDailyCap":"lots"}) neither stops the instance at start-up nor while running: it stays RUNNING, good
 * campaigns still apply, and each bad campaign is dead-lettered exactly once with its reason, also across a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlobalStoreBadRecordTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    /** Whether an instance was RUNNING with no stream thread lost, as seen at one moment of the scenario. */
    private record Health(KafkaStreams.State state, long threadFailures) {
        static Health of(ChorusApp app) {
            return new Health(app.streams().state(), app.streamThreadFailures());
        }
    }

    private String campaignsTopic;
    private boolean goodAtStart;
    private boolean badAtStart;
    private boolean badWhileRunning;
    private Health whileRunning;
    private boolean goodAfterRestart;
    private Health afterRestart;
    private List<ConsumerRecord<byte[], byte[]>> letters;

    /** The scenario runs once, in order, recording what it saw at each step; each test checks one behaviour of it. */
    @BeforeAll
    void runTheScenario() {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.HTTP_ENABLED, false,
                ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2"));
        Topics topics = Topics.from(config);
        campaignsTopic = topics.campaigns.name();
        ChorusApp.ensureTopics(config);
        try (Producer<byte[], byte[]> producer = FeedProducer.producer(config.kafkaClientProps())) {
            FeedProducer.produceOne(producer, topics.campaigns.name(), "c-bad", campaign("c-bad", "\"lots\""));
            FeedProducer.produceOne(producer, topics.campaigns.name(), "c-good", campaign("c-good", "1"));

            try (ChorusApp app = start(config)) {
                goodAtStart = storeHas(app, "c-good");
                badAtStart = storeHas(app, "c-bad");

                FeedProducer.produceOne(producer, topics.campaigns.name(), "c-bad-2", campaign("c-bad-2", "\"many\""));
                FeedProducer.produceOne(producer, topics.campaigns.name(), "c-good-2", campaign("c-good-2", "2"));
                await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> storeHas(app, "c-good-2"));
                badWhileRunning = storeHas(app, "c-bad-2");
                whileRunning = Health.of(app);
                Runs.awaitAllConsumed(auditConfig(config), topics.campaigns.name(), WAIT);
            }
            // A restart re-reads the compacted topic into the global store.
            try (ChorusApp app = start(config)) {
                goodAfterRestart = storeHas(app, "c-good-2");
                FeedProducer.produceOne(producer, topics.campaigns.name(), "c-good-3", campaign("c-good-3", "3"));
                Runs.awaitAllConsumed(auditConfig(config), topics.campaigns.name(), WAIT);
                afterRestart = Health.of(app);
            }
        }
        letters = TopicReader.readAll(config.bootstrapServers(), topics.dlq.name());
    }

    @Test
    void aGoodCampaignBesideABadOneAppliesAtStartUp() {
        assertThat(goodAtStart).isTrue();
    }

    @Test
    void aBadCampaignPresentAtStartUpStaysOutOfTheStore() {
        assertThat(badAtStart).isFalse();
    }

    @Test
    void aBadCampaignArrivingWhileRunningStaysOutOfTheStore() {
        assertThat(badWhileRunning).isFalse();
    }

    @Test
    void theInstanceKeepsRunningPastBadCampaigns() {
        assertRunning(whileRunning);
    }

    @Test
    void aRestartReadsTheGoodCampaignsBackIntoTheStore() {
        assertThat(goodAfterRestart).isTrue();
    }

    @Test
    void theRestartedInstanceKeepsRunningPastTheBadCampaigns() {
        assertRunning(afterRestart);
    }

    @Test
    void eachBadCampaignIsDeadLetteredExactlyOnceAcrossTheRestart() {
        assertThat(letters).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("c-bad", "c-bad-2");
    }

    @Test
    void theDeadLetterSaysWhatWasWrongAndWhere() {
        assertThat(letters).allSatisfy(r -> {
            assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON)).isEqualTo("WRONG_TYPE");
            assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_MESSAGE)).contains("perAuthorDailyCap");
            assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_TOPIC)).isEqualTo(campaignsTopic);
        });
    }

    private static void assertRunning(Health health) {
        assertThat(health.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(health.threadFailures()).as("stream threads that died").isZero();
    }

    private static ChorusConfig auditConfig(ChorusConfig config) {
        return config.with(Map.of(ChorusConfig.APPLICATION_ID, config.applicationId() + GlobalStoreAudit.APPLICATION_SUFFIX));
    }

    private static ChorusApp start(ChorusConfig config) {
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        ChorusApp app = ChorusApp.start(config, deps, true);
        try {
            app.awaitRunning(WAIT);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    private static boolean storeHas(ChorusApp app, String campaignId) {
        return app.streams().store(StoreQueryParameters.fromNameAndType("campaigns-store", QueryableStoreTypes.<String, Object>keyValueStore()))
                .get(campaignId) != null;
    }

    private static byte[] campaign(String id, String cap) {
        return ("{\"schemaVersion\":1,\"id\":\"" + id + "\",\"topic\":\"public transit\",\"contentType\":\"reply\",\"perAuthorDailyCap\":"
                + cap + ",\"disclosure\":\"[AI-generated for Transit Now]\",\"enabled\":true}").getBytes(StandardCharsets.UTF_8);
    }
}
