package io.chorus.app;

import io.chorus.model.GeneratedContent;
import io.chorus.model.ScoredPost;
import io.chorus.model.SentimentStats;
import io.chorus.model.SentimentLabel;
import io.chorus.serde.JsonSerde;
import io.chorus.deadletter.DeadLetters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts what the pipeline wrote, as an independent read_committed consumer sees it: scored posts by label and
 * dead letters by reason and source topic. Starts from the end offsets at construction, so it counts only what
 * was written after it was created. Used by the demo's progress line and summary.
 */
public final class OutputTally implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String scoredTopic;
    private final String dlqTopic;
    private final JsonSerde<ScoredPost> scoredSerde = JsonSerde.of(ScoredPost.class);
    private final Map<SentimentLabel, Long> byLabel = new EnumMap<>(SentimentLabel.class);
    private final Map<String, Long> deadByReason = new TreeMap<>();
    private final Map<String, Long> deadBySource = new HashMap<>();
    private long scored;
    private double scoreSum;
    private final List<String> contentTopics;
    private final String enrichedTopic;
    private long enriched;
    private final JsonSerde<GeneratedContent> contentSerde = JsonSerde.of(GeneratedContent.class);
    private final Map<String, Long> generatedByType = new TreeMap<>();
    private final List<GeneratedContent> examples = new ArrayList<>();
    private final String statsTopic;
    private final JsonSerde<SentimentStats> statsSerde = JsonSerde.of(SentimentStats.class);
    /** Latest count per community, window start and window size: an aggregate's updates replace each other. */
    private final Map<String, Long> windowCounts = new HashMap<>();
    private final Map<String, Long> windowSizes = new HashMap<>();

    public OutputTally(Map<String, Object> clientProps, String scoredTopic, String dlqTopic) {
        this(clientProps, scoredTopic, dlqTopic, List.of());
    }

    /** Also counts generated content on {@code contentTopics} (replies, captions). */
    public OutputTally(Map<String, Object> clientProps, String scoredTopic, String dlqTopic, List<String> contentTopics) {
        this(clientProps, scoredTopic, dlqTopic, contentTopics, null);
    }

    /** Also counts records on {@code enrichedTopic} (null: none), written in the same transaction as generation. */
    public OutputTally(Map<String, Object> clientProps, String scoredTopic, String dlqTopic, List<String> contentTopics,
                       String enrichedTopic) {
        this(clientProps, scoredTopic, dlqTopic, contentTopics, enrichedTopic, null);
    }

    /** Also follows the windowed aggregates on {@code statsTopic} (null: none), to tell how many posts they counted. */
    public OutputTally(Map<String, Object> clientProps, String scoredTopic, String dlqTopic, List<String> contentTopics,
                       String enrichedTopic, String statsTopic) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.scoredTopic = scoredTopic;
        this.dlqTopic = dlqTopic;
        List<TopicPartition> partitions = new ArrayList<>();
        this.contentTopics = List.copyOf(contentTopics);
        this.enrichedTopic = enrichedTopic;
        this.statsTopic = statsTopic;
        List<String> all = new ArrayList<>(List.of(scoredTopic, dlqTopic));
        all.addAll(contentTopics);
        if (enrichedTopic != null) {
            all.add(enrichedTopic);
        }
        if (statsTopic != null) {
            all.add(statsTopic);
        }
        for (String topic : all) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve now: count only what comes after this point
    }

    /** Reads whatever has arrived, waiting at most {@code wait}. */
    public void poll(Duration wait) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(wait)) {
            if (record.topic().equals(enrichedTopic)) {
                enriched++;
            } else if (record.topic().equals(statsTopic)) {
                SentimentStats stats = statsSerde.fromBytes(record.value());
                if (stats != null && stats.windowStart() != null && stats.windowEnd() != null) {
                    long size = stats.windowEnd().toEpochMilli() - stats.windowStart().toEpochMilli();
                    String window = stats.communityId() + "|" + stats.windowStart().toEpochMilli() + "|" + size;
                    windowCounts.put(window, stats.count());
                    windowSizes.put(window, size);
                }
            } else if (contentTopics.contains(record.topic())) {
                GeneratedContent g = contentSerde.fromBytes(record.value());
                generatedByType.merge(g.contentType().wireName(), 1L, Long::sum);
                if (examples.stream().noneMatch(e -> e.contentType() == g.contentType())) {
                    examples.add(g);
                }
            } else if (record.topic().equals(scoredTopic)) {
                ScoredPost post = scoredSerde.fromBytes(record.value());
                scored++;
                scoreSum += post.score();
                byLabel.merge(post.label(), 1L, Long::sum);
            } else {
                String reason = DeadLetters.header(record.headers(), DeadLetters.HEADER_REASON);
                String source = DeadLetters.header(record.headers(), DeadLetters.HEADER_TOPIC);
                deadByReason.merge(reason == null ? "UNKNOWN" : reason, 1L, Long::sum);
                deadBySource.merge(source == null ? "" : source, 1L, Long::sum);
            }
        }
    }

    public Map<String, Long> generatedByType() {
        return Map.copyOf(generatedByType);
    }

    public long generated() {
        return generatedByType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One example of each content type seen. */
    public List<GeneratedContent> examples() {
        return List.copyOf(examples);
    }

    /** Posts counted in the windows of size {@code windowSize}, as the latest aggregates say. */
    public long aggregated(Duration windowSize) {
        long size = windowSize.toMillis();
        return windowCounts.entrySet().stream().filter(e -> windowSizes.get(e.getKey()) == size)
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** How many windows (of any size, any community) the aggregates have written. */
    public int windows() {
        return windowCounts.size();
    }

    public long enriched() {
        return enriched;
    }

    public long scored() {
        return scored;
    }

    public double meanScore() {
        return scored == 0 ? Double.NaN : scoreSum / scored;
    }

    public long byLabel(SentimentLabel label) {
        return byLabel.getOrDefault(label, 0L);
    }

    public long deadLetters() {
        return deadByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public long deadLettersFrom(String sourceTopic) {
        return deadBySource.getOrDefault(sourceTopic, 0L);
    }

    public Map<String, Long> deadLettersByReason() {
        return Map.copyOf(deadByReason);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
