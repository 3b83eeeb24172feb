package io.chorus.app;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs the records Kafka Streams restores into each state store from its changelog (on a fresh or wiped
 * state directory, after a task moves here, or after an unclean stop). The count is the evidence that state such as
 * the per-author caps came back from Kafka and was not silently started from empty.
 */
public final class RestoreTally implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreTally.class);

    private final Map<String, AtomicLong> restored = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        LOG.info("Restoring store {} from {} offsets {}..{}", store, partition, startingOffset, endingOffset);
        restored.computeIfAbsent(store, s -> new AtomicLong());
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        restored.computeIfAbsent(store, s -> new AtomicLong()).addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        LOG.info("Restored store {} from {}: {} records", store, partition, totalRestored);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        LOG.info("Restore of store {} from {} suspended after {} records (the task moved)", store, partition, totalRestored);
    }

    /** Records restored so far per store name (global stores included), since this instance started. */
    public Map<String, Long> restoredByStore() {
        Map<String, Long> copy = new TreeMap<>();
        restored.forEach((store, n) -> copy.put(store, n.get()));
        return copy;
    }

    /** Records restored into {@code store} so far (0 when it needed no restore). */
    public long restored(String store) {
        AtomicLong n = restored.get(store);
        return n == null ? 0 : n.get();
    }
}
