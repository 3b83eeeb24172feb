package io.chorus.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic as a downstream read_committed consumer sees it, between two record times, to an end fixed when the
 * scan starts (so a busy topic cannot keep it reading forever). No consumer group, nothing committed. A scan that
 * cannot reach its end in time fails loudly: a partial read would report gaps that are not there.
 */
final class TopicScan {

    private final Map<String, Object> clientProps;
    private final Duration timeout;

    TopicScan(Map<String, Object> clientProps, Duration timeout) {
        this.clientProps = clientProps;
        this.timeout = timeout;
    }

    /** Every topic's name. */
    java.util.Set<String> topics() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.listTopics(timeout).keySet();
        }
    }

    /** The latest value per key of a (compacted) topic, tombstones removing keys. */
    Map<String, byte[]> latestByKey(String topic) {
        Map<String, byte[]> latest = new java.util.LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read(topic, null, null)) {
            String key = r.key() == null ? "" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
            if (r.value() == null) {
                latest.remove(key);
            } else {
                latest.put(key, r.value());
            }
        }
        return latest;
    }

    /** Partitions whose log no longer starts at offset 0, with their first offset: records were deleted there. */
    Map<Integer, Long> deletedFromStart(String topic) {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<PartitionInfo> infos = consumer.listTopics(timeout).get(topic);
            if (infos == null) {
                return out;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.beginningOffsets(partitions, timeout).forEach((p, o) -> {
                if (o > 0) {
                    out.put(p.partition(), o);
                }
            });
        }
        return out;
    }

    /** True when the topic exists. */
    boolean exists(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.listTopics(timeout).containsKey(topic);
        }
    }

    /**
     * Every committed record of {@code topic} whose offset lies between the first record at or after {@code from}
     * and the first at or after {@code to} (both by the broker's time index; null means the beginning, the end),
     * and whose own timestamp lies in [from, to). An absent topic reads as empty.
     */
    List<ConsumerRecord<byte[], byte[]>> read(String topic, Instant from, Instant to) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<PartitionInfo> infos = consumer.listTopics(timeout).get(topic);
            if (infos == null) {
                return out;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> start = new HashMap<>(begin);
            Map<TopicPartition, Long> stop = new HashMap<>(end);
            if (from != null) {
                offsetsAt(consumer, partitions, from, end).forEach(start::put);
            }
            if (to != null) {
                offsetsAt(consumer, partitions, to, end).forEach((p, o) -> stop.put(p, Math.min(o, end.get(p))));
            }
            partitions.forEach(p -> consumer.seek(p, start.get(p)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < stop.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout.toSeconds()
                            + " s (positions " + positions(consumer, partitions) + ", ends " + stop + "); is the cluster reachable?"
                            + " Raise --timeout for very large topics");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition p = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= stop.get(p)) {
                        continue;
                    }
                    if ((from == null || r.timestamp() >= from.toEpochMilli()) && (to == null || r.timestamp() < to.toEpochMilli())) {
                        out.add(r);
                    }
                }
                partitions.stream().filter(p -> consumer.position(p, timeout) >= stop.get(p)).forEach(p -> consumer.pause(List.of(p)));
            }
        }
        return out;
    }

    private Map<TopicPartition, Long> offsetsAt(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Instant t,
                                                Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, t.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> out = new HashMap<>();
        partitions.forEach(p -> {
            OffsetAndTimestamp o = found.get(p);
            out.put(p, o == null ? end.get(p) : o.offset());
        });
        return out;
    }

    private Map<TopicPartition, Long> positions(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new HashMap<>();
        partitions.forEach(p -> out.put(p, consumer.position(p, timeout)));
        return out;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
