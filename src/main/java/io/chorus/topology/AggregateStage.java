package io.chorus.topology;

import io.chorus.model.EnrichedPost;
import io.chorus.model.SentimentStats;
import io.chorus.serde.JsonSerde;
import io.chorus.topics.TopicId;
import io.chorus.topics.TopicSpec;
import io.chorus.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Sentiment by community in tumbling event-time windows (one per configured size), to queryable window stores
 * {@code community-sentiment-<size>} and to {@code chorus.stats.community-sentiment}. Records later than the grace
 * period are dropped by Kafka Streams and counted in its {@code dropped-records} metric.
 */
public final class AggregateStage {

    /** The store name for a window size label such as {@code 1m}. */
    public static String storeName(String sizeLabel) {
        return "community-sentiment-" + sizeLabel;
    }

    /** Dashboards chart a day of history: keep windows at least 24 h (and never less than size plus grace). */
    static Duration retention(Duration size, Duration grace) {
        Duration minimum = size.plus(grace);
        Duration day = Duration.ofDays(1);
        return minimum.compareTo(day) > 0 ? minimum : day;
    }

    private AggregateStage() {
    }

    static void attach(KStream<String, EnrichedPost> enriched, List<String> windowLabels, Duration grace, Topics topics) {
        JsonSerde<SentimentStats> statsSerde = JsonSerde.of(SentimentStats.class);
        KGroupedStream<String, EnrichedPost> byCommunity = enriched.groupBy((authorId, e) -> e.communityId(),
                Grouped.with("enriched-by-community", Serdes.String(), JsonSerde.of(EnrichedPost.class)));
        for (String label : windowLabels) {
            Duration size = WindowSizes.parse(label);
            byCommunity.windowedBy(TimeWindows.ofSizeAndGrace(size, grace))
                    .aggregate(SentimentStats::empty,
                            (communityId, e, stats) -> stats.add(communityId, e.communityLabel(), e.scored().score(), e.scored().label()),
                            Named.as("aggregate-" + label),
                            Materialized.<String, SentimentStats, WindowStore<Bytes, byte[]>>as(storeName(label))
                                    .withKeySerde(Serdes.String()).withValueSerde(statsSerde)
                                    .withRetention(retention(size, grace))
                                    // The changelog is compact,delete with time retention; windows of old event times
                                    // must not be deleted by the broker minutes after they are written.
                                    .withLoggingEnabled(Map.of(TopicSpec.TIMESTAMP_TYPE_CONFIG, TopicSpec.LOG_APPEND_TIME)))
                    .toStream(Named.as("stats-changes-" + label))
                    .map((window, stats) -> KeyValue.pair(window.key(),
                            stats.withWindow(window.window().startTime(), window.window().endTime())), Named.as("stats-with-window-" + label))
                    .to(topics.name(TopicId.STATS), Produced.with(Serdes.String(), statsSerde).withName("stats-sink-" + label));
        }
    }
}
