package io.chorus.aggregate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes late records visible. Placed right before the windowed aggregates, in the same task, it applies their rule
 * (a record whose window ended at or before stream time minus the grace period is dropped by Kafka Streams) and counts
 * every record that will be dropped, per window size, in the Kafka Streams metric {@code late-records-total} (group
 * {@value #METRIC_GROUP}, tag {@code chorus-id=stats-<size>}), which {@code /metrics} exports and {@link #total} sums.
 * It forwards every record unchanged: it only counts.
 */
public final class LateRecords<V> extends ContextualFixedKeyProcessor<String, V, V> {

    /** The metric group Kafka Streams gives sensors of scope {@code chorus}. */
    public static final String METRIC_GROUP = "stream-chorus-metrics";
    /** The cumulative count's metric name. */
    public static final String METRIC_NAME = "late-records-total";

    private static final Logger LOG = LoggerFactory.getLogger(LateRecords.class);

    private final Map<String, Duration> windows;
    private final Duration grace;
    private final Map<String, Sensor> sensors = new LinkedHashMap<>();
    private long seen;

    /** @param windows window size by label ({@code 1m}, {@code 1h}), as the aggregates use them */
    LateRecords(Map<String, Duration> windows, Duration grace) {
        this.windows = Map.copyOf(windows);
        this.grace = grace;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        super.init(context);
        windows.keySet().forEach(label -> sensors.put(label, context.metrics().addRateTotalSensor("chorus", "stats-" + label,
                "late-records", Sensor.RecordingLevel.INFO)));
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        long streamTime = context().currentStreamTimeMs();
        long closeTime = streamTime - grace.toMillis();
        windows.forEach((label, size) -> {
            long start = record.timestamp() - Math.floorMod(record.timestamp(), size.toMillis());
            if (start + size.toMillis() <= closeTime) {
                sensors.get(label).record();
                if (seen++ % 1000 == 0) {
                    LOG.warn("Late record for the {} sentiment window (event time {}, stream time {}, grace {}): not in the aggregate,"
                            + " counted in {}; set stats.backfill.enabled=true to aggregate history ({} late so far in this task)",
                            label, java.time.Instant.ofEpochMilli(record.timestamp()), java.time.Instant.ofEpochMilli(streamTime), grace,
                            METRIC_NAME, seen);
                }
            }
        });
        context().forward(record);
    }

    /** Late records counted so far by a running instance, all window sizes and tasks together. */
    public static long total(KafkaStreams streams) {
        return total(streams.metrics());
    }

    /** Late records counted in {@code metrics} (a KafkaStreams' or a TopologyTestDriver's), all window sizes and tasks together. */
    public static long total(Map<MetricName, ? extends Metric> metrics) {
        return byWindow(metrics).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Late records by window label ({@code 1m}, {@code 1h}, ...). */
    public static Map<String, Long> byWindow(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Long> counts = new LinkedHashMap<>();
        metrics.forEach((name, metric) -> {
            if (METRIC_GROUP.equals(name.group()) && METRIC_NAME.equals(name.name())) {
                String entity = name.tags().getOrDefault("chorus-id", "stats-?");
                counts.merge(entity.substring("stats-".length()), Math.round(((Number) metric.metricValue()).doubleValue()), Long::sum);
            }
        });
        return counts;
    }
}
