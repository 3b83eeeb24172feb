package io.chorus.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic as an independent downstream user would: from the beginning, read_committed. Every read either
 * returns everything it was asked for or fails naming the topic and what was missing: a reader that quietly returns
 * a partial list would let a test pass on lost records.
 */
public final class TopicReader {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private TopicReader() {
    }

    /**
     * Every committed record of {@code topic} up to its end offsets at the time of the call; fails if the end is not
     * reached within 30 s.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("reading " + topic + ": end offsets " + end + " not reached after " + DEFAULT_TIMEOUT
                            + " (positions " + positions(consumer, end) + ", " + records.size() + " records read)");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * The first {@code expected} or more committed records of {@code topic}, waiting up to {@code timeout} for them to
     * arrive; fails with the count it did see when fewer arrive.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAtLeast(String bootstrap, String topic, int expected, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            assignFromBeginning(consumer, topic);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("reading " + topic + ": expected at least " + expected + " committed records within "
                            + timeout + ", found " + records.size());
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static List<TopicPartition> assignFromBeginning(KafkaConsumer<?, ?> consumer, String topic) {
        var infos = consumer.partitionsFor(topic, DEFAULT_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new AssertionError("reading " + topic + ": the topic has no partitions (does it exist?)");
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        end.keySet().forEach(tp -> positions.put(tp, consumer.position(tp)));
        return positions;
    }
}
