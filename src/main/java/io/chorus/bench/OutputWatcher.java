package io.chorus.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads an output topic from the beginning as a downstream user would ({@code read_committed}, so with
 * exactly-once an output counts only once its transaction commits) and notes, per input number (the
 * {@link BenchFeed#SEQ_HEADER} header), when its first output arrived. Counts duplicates and records without a
 * number, so a benchmark can check that every input gave exactly one output.
 */
public final class OutputWatcher implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final long[] receivedNanos;
    private final BitSet seen;
    private int distinct;
    private long total;
    private long duplicates;
    private long unidentified;
    private long firstBatchNanos = -1;
    private int firstBatchCount;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /**
     * @param expected inputs are numbered 0..expected-1; anything else counts as unidentified
     */
    public OutputWatcher(String bootstrap, String topic, int expected) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.receivedNanos = new long[expected];
        this.seen = new BitSet(expected);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::loop, "bench-watch-" + topic);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    note(records, System.nanoTime());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void note(ConsumerRecords<byte[], byte[]> records, long now) {
        int before = distinct;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            total++;
            int seq = BenchFeed.seqOf(r.headers());
            if (seq < 0 || seq >= receivedNanos.length) {
                unidentified++;
            } else if (seen.get(seq)) {
                duplicates++;
            } else {
                seen.set(seq);
                receivedNanos[seq] = now;
                distinct++;
            }
        }
        if (firstBatchNanos < 0 && distinct > before) {
            firstBatchNanos = now;
            firstBatchCount = distinct - before;
        }
        notifyAll();
    }

    /** Waits until {@code n} distinct inputs have an output; false if the deadline ({@link System#nanoTime()}) passes first. */
    public synchronized boolean awaitDistinct(int n, long deadlineNanos) throws InterruptedException {
        while (distinct < n) {
            if (failure != null) {
                throw new IllegalStateException("reading the output failed: " + failure.getMessage(), failure);
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 200)));
        }
        return true;
    }

    /**
     * Waits a little longer for stragglers (duplicates or unexpected records would arrive right after the last
     * expected one, in the same or the next transaction), then stops reading.
     */
    public void settleAndStop(Duration settle) throws InterruptedException {
        Thread.sleep(settle.toMillis()); // a fixed observation window after the condition was met, not a wait for it
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }

    /** What was seen; call after {@link #settleAndStop}. */
    public synchronized Counts counts() {
        return new Counts(distinct, total, duplicates, unidentified, receivedNanos.length - seen.cardinality(), firstBatchNanos,
                firstBatchCount, lastNanos());
    }

    private long lastNanos() {
        long last = -1;
        for (int i = seen.nextSetBit(0); i >= 0; i = seen.nextSetBit(i + 1)) {
            last = Math.max(last, receivedNanos[i]);
        }
        return last;
    }

    /** Receive time of each input's first output (0 when none), indexed by input number. */
    public synchronized long[] receivedNanos() {
        return Arrays.copyOf(receivedNanos, receivedNanos.length);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param distinct        inputs with at least one output
     * @param total           output records read
     * @param duplicates      outputs for an input that already had one
     * @param unidentified    outputs without a valid input number
     * @param missing         inputs without an output
     * @param firstBatchNanos when the first outputs became visible
     * @param firstBatchCount how many became visible then (the first committed transaction)
     * @param lastNanos       when the last input's output became visible
     */
    public record Counts(int distinct, long total, long duplicates, long unidentified, int missing, long firstBatchNanos,
                         int firstBatchCount, long lastNanos) {

        public boolean exactlyOnce() {
            return missing == 0 && duplicates == 0 && unidentified == 0;
        }
    }
}
