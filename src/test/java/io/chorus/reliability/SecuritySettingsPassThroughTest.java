package io.chorus.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.topology.ChorusTopology;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Proves that Kafka security settings given with the {@code kafka.} prefix (SASL_SSL, JAAS, truststore) reach every
 * Kafka client Chorus creates: Kafka Streams (and so its consumers, producers and admin), the feed producer, and the
 * admin client that creates topics.
 */
class SecuritySettingsPassThroughTest {

    private static final Map<String, String> SECURITY = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"chorus\" password=\"s3cret\";",
            "ssl.truststore.location", "/etc/chorus/truststore.jks",
            "ssl.truststore.password", "changeit",
            "ssl.endpoint.identification.algorithm", "https");

    private static ChorusConfig secured() {
        Map<String, Object> props = new HashMap<>();
        props.put(ChorusConfig.BOOTSTRAP_SERVERS, "kafka-1.example:9093");
        SECURITY.forEach((k, v) -> props.put(ChorusConfig.KAFKA_PREFIX + k, v));
        return new ChorusConfig(props);
    }

    @Test
    void streamsPropertiesCarryEverySecuritySetting() {
        Properties props = ChorusTopology.streamsProperties(secured());
        SECURITY.forEach((k, v) -> assertThat(props).containsEntry(k, v));
        assertThat(props).containsEntry("bootstrap.servers", "kafka-1.example:9093");
        // Kafka Streams hands the unprefixed settings to its consumers, producers and admin client alike.
        StreamsConfig streams = new StreamsConfig(props);
        Map<String, Object> consumer = streams.getMainConsumerConfigs("group", "client", 0);
        Map<String, Object> producer = streams.getProducerConfigs("client");
        Map<String, Object> admin = streams.getAdminConfigs("client");
        Map<String, Object> restore = streams.getRestoreConsumerConfigs("client");
        Map<String, Object> global = streams.getGlobalConsumerConfigs("client");
        for (Map<String, Object> client : java.util.List.of(consumer, producer, admin, restore, global)) {
            SECURITY.forEach((k, v) -> assertThat(client).containsEntry(k, v));
        }
    }

    @Test
    void feedProducerCarriesEverySecuritySetting() throws Exception {
        ChorusConfig config = secured();
        Map<String, Object> props = new HashMap<>(config.kafkaClientProps());
        SECURITY.forEach((k, v) -> assertThat(props).containsEntry(k, v));
        // The producer FeedProducer builds from these props validates them as a real client configuration.
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class);
        ProducerConfig producer = new ProducerConfig(props);
        assertThat(producer.getString("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(producer.getString("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(producer.getPassword("sasl.jaas.config").value()).isEqualTo(SECURITY.get("sasl.jaas.config"));
        assertThat(producer.getString("ssl.truststore.location")).isEqualTo("/etc/chorus/truststore.jks");
    }

    @Test
    void adminClientPropsCarryEverySecuritySetting() {
        Map<String, Object> admin = secured().kafkaClientProps();
        SECURITY.forEach((k, v) -> assertThat(admin).containsEntry(k, v));
        assertThat(admin).containsEntry("bootstrap.servers", "kafka-1.example:9093");
    }
}
