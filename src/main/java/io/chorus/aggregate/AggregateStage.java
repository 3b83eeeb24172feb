package io.chorus.aggregate;

import io.chorus.stage.Port;
import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import io.chorus.config.ChorusConfig;
import io.chorus.model.EnrichedPost;
import io.chorus.model.SentimentStats;
import io.chorus.serde.JsonSerde;
import io.chorus.config.TopicId;
import io.chorus.topics.TopicSpec;
import io.chorus.topics.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
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
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Sentiment by community in tumbling event-time windows (one per configured size), to queryable window stores
 * {@code community-sentiment-<size>} and to {@code chorus.stats.community-sentiment}.
 *
 * <p>Late records, by policy: live ({@code stats.backfill.enabled=false}), a post whose window closed more than
 * {@code stats.grace.ms} before stream time is not aggregated (Kafka Streams drops it) and is counted by
 * {@link LateRecords} per window size, so it is never invisible. Backfill ({@code stats.backfill.enabled=true}), the
 * grace period and the window retention become {@link #BACKFILL_GRACE}, so every post of a history, in any order,
 * counts in its window (the stores then keep every window, which is what a backfill asks for).
 */
public final class AggregateStage implements Stage {

    /** Grace and retention of the windows in backfill mode: longer than any history a feed can have. */
    public static final Duration BACKFILL_GRACE = Duration.ofDays(100L * 365);

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

    @Override
    public String name() {
        return "aggregates";
    }

    @Override
    public boolean enabled(ChorusConfig config) {
        return config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED);
    }

    @Override
    public List<Port<?>> needs() {
        return List.of(Ports.ENRICHED_BY_AUTHOR);
    }

    @Override
    public void attach(StageContext context) {
        attach(context.get(Ports.ENRICHED_BY_AUTHOR), context.config(), context.topics());
    }

    static void attach(KStream<String, EnrichedPost> enriched, ChorusConfig config, Topics topics) {
        Duration grace = config.getBoolean(ChorusConfig.STATS_BACKFILL_ENABLED) ? BACKFILL_GRACE
                : Duration.ofMillis(config.getLong(ChorusConfig.STATS_GRACE_MS));
        Map<String, Duration> windows = new LinkedHashMap<>();
        config.getList(ChorusConfig.STATS_WINDOWS).forEach(label -> windows.put(label, WindowSizes.parse(label)));
        JsonSerde<SentimentStats> statsSerde = JsonSerde.of(SentimentStats.class);
        JsonSerde<EnrichedPost> enrichedSerde = JsonSerde.of(EnrichedPost.class);
        // Same repartition topic as a groupBy named "enriched-by-community", with the late-record count in between.
        KGroupedStream<String, EnrichedPost> byCommunity = enriched
                .selectKey((authorId, e) -> e.communityId(), Named.as("enriched-by-community"))
                .repartition(Repartitioned.<String, EnrichedPost>as("enriched-by-community").withKeySerde(Serdes.String())
                        .withValueSerde(enrichedSerde))
                .processValues(() -> new LateRecords<EnrichedPost>(windows, grace), Named.as("count-late-stats"))
                .groupByKey(Grouped.with("enriched-by-community", Serdes.String(), enrichedSerde));
        for (Map.Entry<String, Duration> sized : windows.entrySet()) {
            String label = sized.getKey();
            Duration size = sized.getValue();
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
