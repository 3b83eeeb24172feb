package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.config.ChorusConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Proves that a stream-thread wait that could outlast the transaction timeout is refused at start-up, naming the key. */
class AsyncSettingsTest {

    @Test
    void theDefaultsStayWellInsideTheDefaultTransactionTimeout() {
        AsyncSettings s = AsyncSettings.fromConfig(new ChorusConfig(Map.of()));
        assertThat(s.maxBlock().toMillis() * 3).isLessThanOrEqualTo(AsyncSettings.STREAMS_EOS_TRANSACTION_TIMEOUT_MS);
    }

    @Test
    void aWaitLongerThanAThirdOfTheTransactionTimeoutIsRefused() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.ASYNC_MAX_BLOCK_MS, 60_000L));
        assertThatThrownBy(() -> AsyncSettings.fromConfig(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ChorusConfig.ASYNC_MAX_BLOCK_MS).hasMessageContaining("transaction.timeout.ms");
    }

    @Test
    void aShorterTransactionTimeoutIsTakenIntoAccount() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.ASYNC_MAX_BLOCK_MS, 1_500L,
                "streams.producer.transaction.timeout.ms", "3000"));
        assertThatThrownBy(() -> AsyncSettings.fromConfig(config)).hasMessageContaining(ChorusConfig.ASYNC_MAX_BLOCK_MS);
    }

    @Test
    void atLeastOnceIsBoundedByTheMaxPollInterval() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.ASYNC_MAX_BLOCK_MS, 60_000L,
                ChorusConfig.PROCESSING_GUARANTEE, "at_least_once"));
        assertThat(AsyncSettings.fromConfig(config).maxBlock().toMillis()).isEqualTo(60_000L);
    }
}
