package io.chorus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.chorus.config.ChorusConfig;
import io.chorus.testing.SharedBroker;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Proves how {@link InstanceRouter} finds a key's owner from a running Kafka Streams instance on the real embedded
 * broker: the active host Kafka Streams advertises, which is this instance for its own router and a remote one for a
 * router of another instance; a store Kafka Streams does not know is 503.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceRouterOwnerTest {

    private static final String STORE = "router-owner-store";
    private static final HostInfo ADVERTISED = new HostInfo("127.0.0.1", 7071);

    private KafkaStreams streams;

    @BeforeAll
    void startStreams() throws Exception {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of());
        String topic = "router-owner-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, SharedBroker.tempDir("chorus-router-owner-").toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, ADVERTISED.host() + ":" + ADVERTISED.port());
        StreamsBuilder builder = new StreamsBuilder();
        builder.table(topic, Consumed.with(Serdes.String(), Serdes.String()), Materialized.as(STORE));
        streams = new KafkaStreams(builder.build(), props);
        streams.start();
        await("Kafka Streams RUNNING").atMost(Duration.ofSeconds(120)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    void stop() {
        streams.close(Duration.ofSeconds(30));
    }

    private InstanceRouter routerOf(HostInfo self) {
        return new InstanceRouter(streams, self, HttpClient.newHttpClient(), null, Duration.ofSeconds(5));
    }

    @Test
    void theOwnerOfAKeyIsTheHostKafkaStreamsAdvertises() {
        assertThat(routerOf(ADVERTISED).owner(STORE, "some-key")).isEqualTo(ADVERTISED);
    }

    @Test
    void theInstanceHoldingTheKeyAnswersItLocally() {
        InstanceRouter router = routerOf(ADVERTISED);
        assertThat(router.isSelf(router.owner(STORE, "some-key"))).isTrue();
    }

    @Test
    void anotherInstanceSeesTheOwnerAsRemote() {
        InstanceRouter router = routerOf(new HostInfo("127.0.0.1", 7072));
        assertThat(router.isSelf(router.owner(STORE, "some-key"))).isFalse();
    }

    @Test
    void aStoreKafkaStreamsDoesNotKnowIs503() {
        assertThat(catchThrowableOfType(ApiError.class, () -> routerOf(ADVERTISED).owner("no-such-store", "some-key")).status())
                .isEqualTo(503);
    }
}
