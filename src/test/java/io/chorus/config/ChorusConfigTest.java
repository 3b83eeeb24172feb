package io.chorus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Proves configuration fails fast with a message naming the bad key, and passes client settings through. */
class ChorusConfigTest {

    @Test
    void rejectsAnUnknownKeyByName() {
        assertThatThrownBy(() -> new ChorusConfig(Map.of("async.capacty", "5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("async.capacty");
    }

    @Test
    void rejectsAnOutOfRangeValueNamingTheKey() {
        assertThatThrownBy(() -> new ChorusConfig(Map.of(ChorusConfig.ASYNC_CAPACITY, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ChorusConfig.ASYNC_CAPACITY);
    }

    @Test
    void rejectsAnUnknownScorerNamingTheKey() {
        assertThatThrownBy(() -> new ChorusConfig(Map.of(ChorusConfig.SENTIMENT_SCORER, "magic")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ChorusConfig.SENTIMENT_SCORER);
    }

    @Test
    void passesKafkaPrefixedSettingsToEveryClient() {
        ChorusConfig config = new ChorusConfig(Map.of("kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism", "PLAIN",
                "streams.num.standby.replicas", "1"));
        assertThat(config.kafkaClientProps()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN");
        assertThat(config.streamsProps()).containsEntry("security.protocol", "SASL_SSL").containsEntry("num.standby.replicas", "1");
    }

    @Test
    void neverShowsTheApiKey() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.LLM_API_KEY, "sk-secret-123"));
        assertThat(config.llmApiKey()).isEqualTo("sk-secret-123");
        assertThat(config.describe().toString()).doesNotContain("sk-secret-123");
        assertThat(config.toString()).doesNotContain("sk-secret-123");
    }
}
