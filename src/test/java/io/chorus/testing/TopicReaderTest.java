package io.chorus.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves that the tests' topic reader fails loudly, naming the topic and the count, when fewer records arrive than expected. */
class TopicReaderTest {

    @Test
    void readAtLeastFailsNamingTheTopicAndTheCountWhenTooFewRecordsArrive() {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of());
        String topic = Topics.from(config).posts.name();
        produce(config, topic, 2);

        assertThatThrownBy(() -> TopicReader.readAtLeast(config.bootstrapServers(), topic, 3, Duration.ofSeconds(3)))
                .isInstanceOf(AssertionError.class).hasMessageContaining(topic).hasMessageContaining("found 2");
    }

    @Test
    void readAtLeastReturnsOnceTheExpectedRecordsAreThere() {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of());
        String topic = Topics.from(config).posts.name();
        produce(config, topic, 2);

        assertThat(TopicReader.readAtLeast(config.bootstrapServers(), topic, 2, Duration.ofSeconds(30))).hasSize(2);
    }

    private static void produce(ChorusConfig config, String topic, int n) {
        try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
            for (int i = 0; i < n; i++) {
                FeedProducer.produceOne(producer, topic, "k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
