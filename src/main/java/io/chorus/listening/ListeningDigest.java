package io.chorus.listening;

import io.chorus.model.SentimentAlert;
import io.chorus.model.TrendReport;
import io.chorus.serde.JsonSerde;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What social listening has said so far, read from its output topics as any downstream user would (read_committed,
 * no consumer group): the latest state of every alert and every trend report. For summaries such as the demo's.
 */
public record ListeningDigest(List<SentimentAlert> alerts, List<TrendReport> trends) {

    public ListeningDigest {
        alerts = List.copyOf(alerts);
        trends = List.copyOf(trends);
    }

    /** Reads both topics to their current end (at most {@code timeout} each). */
    public static ListeningDigest read(Map<String, Object> clientProps, Topics topics, Duration timeout) {
        Map<String, SentimentAlert> alerts = new LinkedHashMap<>();
        JsonSerde<SentimentAlert> alertSerde = JsonSerde.of(SentimentAlert.class);
        for (ConsumerRecord<byte[], byte[]> r : readAll(clientProps, topics.name(TopicId.ALERTS), timeout)) {
            SentimentAlert a = r.value() == null ? null : alertSerde.fromBytes(r.value());
            if (a != null) {
                alerts.put(a.alertId(), a);
            }
        }
        List<TrendReport> trends = new ArrayList<>();
        JsonSerde<TrendReport> trendSerde = JsonSerde.of(TrendReport.class);
        for (ConsumerRecord<byte[], byte[]> r : readAll(clientProps, topics.name(TopicId.TRENDS), timeout)) {
            if (r.value() != null) {
                trends.add(trendSerde.fromBytes(r.value()));
            }
        }
        return new ListeningDigest(new ArrayList<>(alerts.values()), trends);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(Map<String, Object> clientProps, String topic, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue()) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }
}
