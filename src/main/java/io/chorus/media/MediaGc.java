package io.chorus.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The orphan rule of the media store: a media file may be deleted when it is <b>older than {@code minAge}</b> and
 * <b>no committed record</b> of an output topic refers to it; temporary files ({@code .tmp-*}) older than
 * {@code minAge} are always deleted (a write that crashed half-way).
 *
 * <p>Why this is safe: a file is written before the record that refers to it is produced, inside the task's
 * transaction. A file younger than {@code minAge} may belong to a transaction still open (invisible to a
 * read_committed reader), so age protects it; {@code minAge} must exceed the longest a transaction can stay open
 * (the producer's {@code transaction.timeout.ms}, a minute by default; the default of 24 hours is far beyond).
 * Once a record expires from its topic (retention), its file becomes an orphan and is removed too. A cached
 * reference whose file is gone is never published: {@link MediaTask} makes the media again.
 *
 * <p>Orphans are harmless (nothing refers to them) and bounded by the outputs lost to crashes and aborted
 * transactions: the GC keeps the directory from growing with them. If reading a topic to its end fails or times out,
 * nothing is deleted.
 */
public final class MediaGc {

    /** What a run found and did. */
    public record Result(int files, int referenced, int young, List<Path> deletedOrphans, List<Path> deletedTemporary, long bytesFreed,
                         List<String> topicsRead, long recordsRead, boolean dryRun) {
    }

    private MediaGc() {
    }

    /**
     * Deletes orphans and stale temporary files in {@code store} (only reports them with {@code dryRun}).
     *
     * @param referenced every hash some committed record refers to
     */
    public static Result run(MediaStore store, Set<String> referenced, Instant now, Duration minAge, boolean dryRun,
                             List<String> topicsRead, long recordsRead) throws IOException {
        Instant cutoff = now.minus(minAge);
        int files = 0;
        int kept = 0;
        int young = 0;
        long freed = 0;
        List<Path> orphans = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        for (MediaStore.Entry e : store.entries()) {
            if (!e.temporary()) {
                files++;
            }
            if (e.modified().isAfter(cutoff)) {
                young++;
                continue;
            }
            if (e.temporary()) {
                temps.add(e.path());
            } else if (referenced.contains(e.sha256())) {
                kept++;
                continue;
            } else {
                orphans.add(e.path());
            }
            freed += e.sizeBytes();
            if (!dryRun) {
                Files.deleteIfExists(e.path());
            }
        }
        return new Result(files, kept, young, orphans, temps, freed, topicsRead, recordsRead, dryRun);
    }

    /** The output topics whose records may refer to media: {@code names} and their experiments' copies ({@code <name>.exp.*}). */
    static List<String> mediaTopics(Collection<String> allTopics, Collection<String> names) {
        return allTopics.stream().filter(t -> names.stream().anyMatch(n -> t.equals(n) || t.startsWith(n + "."))).sorted().toList();
    }

    /** Hashes referenced by records of the given topics and their experiment copies, read_committed to their end. */
    public static Referenced referenced(Map<String, Object> clientProps, Collection<String> outputTopics, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Set<String> hashes = new HashSet<>();
        long records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<String> topics = mediaTopics(consumer.listTopics(timeout).keySet(), outputTopics);
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : topics) {
                consumer.partitionsFor(t, timeout).forEach(p -> partitions.add(new TopicPartition(t, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topics + " to their end within " + timeout
                            + "; deleting nothing (a file whose record was not read might be deleted otherwise)");
                }
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    String hash = hashOf(r.value());
                    if (hash != null) {
                        hashes.add(hash);
                    }
                }
            }
            return new Referenced(hashes, topics, records);
        }
    }

    /** What the output topics refer to. */
    public record Referenced(Set<String> hashes, List<String> topics, long records) {
    }

    /** The {@code media.sha256} of a record value, or null (no media, or not a readable record). */
    static String hashOf(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().readTree(value).path("media").path("sha256");
            return n.isTextual() && MediaStore.isHash(n.asText()) ? n.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
