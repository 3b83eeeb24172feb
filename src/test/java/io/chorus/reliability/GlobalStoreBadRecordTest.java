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
import org.junit.jupiter.api.Test;

/**
 * Proves on a real broker that a bad record on a topic read as a global store (a campaign with
 * {@code "perAuthorDailyCap":"lots"}) neither stops the instance at start-up nor while running: it stays RUNNING, good
 * campaigns still apply, and each bad campaign is dead-lettered exactly once with its reason, also across a restart.
 */
class GlobalStoreBadRecordTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aBadCampaignAtStartAndWhileRunningIsDeadLetteredOnceAndTheInstanceStaysRunning() {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.HTTP_ENABLED, false,
                ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2"));
        Topics topics = Topics.from(config);
        ChorusApp.ensureTopics(config);
        try (Producer<byte[], byte[]> producer = FeedProducer.producer(config.kafkaClientProps())) {
            FeedProducer.produceOne(producer, topics.campaigns.name(), "c-bad", campaign("c-bad", "\"lots\""));
            FeedProducer.produceOne(producer, topics.campaigns.name(), "c-good", campaign("c-good", "1"));

            try (ChorusApp app = start(config)) {
                assertThat(storeHas(app, "c-good")).isTrue();
                assertThat(storeHas(app, "c-bad")).isFalse();

                FeedProducer.produceOne(producer, topics.campaigns.name(), "c-bad-2", campaign("c-bad-2", "\"many\""));
                FeedProducer.produceOne(producer, topics.campaigns.name(), "c-good-2", campaign("c-good-2", "2"));
                await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> storeHas(app, "c-good-2"));
                assertThat(storeHas(app, "c-bad-2")).isFalse();
                assertRunning(app);
                Runs.awaitAllConsumed(auditConfig(config), topics.campaigns.name(), WAIT);
            }
            // A restart re-reads the compacted topic into the global store: still running, still no second dead letter.
            try (ChorusApp app = start(config)) {
                assertThat(storeHas(app, "c-good-2")).isTrue();
                FeedProducer.produceOne(producer, topics.campaigns.name(), "c-good-3", campaign("c-good-3", "3"));
                Runs.awaitAllConsumed(auditConfig(config), topics.campaigns.name(), WAIT);
                assertRunning(app);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readAll(config.bootstrapServers(), topics.dlq.name());
        assertThat(letters).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("c-bad", "c-bad-2");
        assertThat(letters).allSatisfy(r -> {
            assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON)).isEqualTo("WRONG_TYPE");
            assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_MESSAGE)).contains("perAuthorDailyCap");
            assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_TOPIC)).isEqualTo(topics.campaigns.name());
        });
    }

    private static void assertRunning(ChorusApp app) {
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(app.streamThreadFailures()).as("stream threads that died").isZero();
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
