package io.chorus.listening;

import io.chorus.model.EnrichedPost;
import io.chorus.model.SentimentAlert;
import io.chorus.model.TrendReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Social listening for one community per key: posts (keyed by community id) fill event-time tumbling windows; when
 * the community's clock passes a window's end plus the grace, the window is closed and judged — sentiment shift
 * ({@link ShiftDetector}) and trending terms ({@link TrendFinder}). Posts for a window already closed are late: refused,
 * counted in the state and in the {@code chorus-listening-metrics/late-records-total} metric, never silently.
 *
 * <p>Everything is driven by event time in the data, not by wall-clock punctuation, so a replay of a period judges
 * the same windows with the same posts (as long as no post arrives later than the grace) and opens the same alerts.
 * State is in changelogged stores, so a restart resumes with open alerts intact and never announces one twice.
 */
final class ListenProcessor implements Processor<String, EnrichedPost, String, ListeningEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ListenProcessor.class);
    static final String METRICS_GROUP = "chorus-listening-metrics";

    private final ListeningSettings settings;
    private final String stateStoreName;
    private final String alertsStoreName;
    private final String trendsStoreName;

    private ProcessorContext<String, ListeningEvent> context;
    private KeyValueStore<String, CommunityListening> state;
    private KeyValueStore<String, SentimentAlert> alerts;
    private KeyValueStore<String, TrendHistory> trends;
    private Sensor lateSensor;
    private Sensor openSensor;
    private Sensor openedSensor;
    private long openAlerts;

    ListenProcessor(ListeningSettings settings, String stateStoreName, String alertsStoreName, String trendsStoreName) {
        this.settings = settings;
        this.stateStoreName = stateStoreName;
        this.alertsStoreName = alertsStoreName;
        this.trendsStoreName = trendsStoreName;
    }

    @Override
    public void init(ProcessorContext<String, ListeningEvent> context) {
        this.context = context;
        this.state = context.getStateStore(stateStoreName);
        this.alerts = context.getStateStore(alertsStoreName);
        this.trends = context.getStateStore(trendsStoreName);
        try (KeyValueIterator<String, SentimentAlert> it = alerts.all()) {
            it.forEachRemaining(kv -> openAlerts += kv.value != null && kv.value.open() ? 1 : 0);
        }
        Map<String, String> tags = Map.of("task-id", context.taskId().toString());
        var metrics = context.metrics();
        lateSensor = metrics.addSensor("chorus-listening-late-" + context.taskId(), Sensor.RecordingLevel.INFO);
        lateSensor.add(new MetricName("late-records-total", METRICS_GROUP,
                "Posts refused by social listening because their window had already closed (later than stats.grace.ms)", tags), new CumulativeSum());
        openSensor = metrics.addSensor("chorus-listening-open-" + context.taskId(), Sensor.RecordingLevel.INFO);
        openSensor.add(new MetricName("alerts-open", METRICS_GROUP, "Sentiment-shift alerts open in this task", tags), new Value());
        openedSensor = metrics.addSensor("chorus-listening-opened-" + context.taskId(), Sensor.RecordingLevel.INFO);
        openedSensor.add(new MetricName("alerts-opened-total", METRICS_GROUP, "Sentiment-shift alerts opened by this task", tags),
                new CumulativeSum());
        openSensor.record(openAlerts);
    }

    @Override
    public void process(Record<String, EnrichedPost> record) {
        EnrichedPost post = record.value();
        if (record.key() == null || post == null || post.scored() == null) {
            return; // the enriched stream carries neither; nothing to judge
        }
        long size = settings.window().toMillis();
        long eventTime = eventTime(post, record.timestamp());
        long start = Math.floorDiv(eventTime, size) * size;
        CommunityListening community = state.get(record.key());
        if (community == null) {
            community = new CommunityListening();
        }
        if (post.communityLabel() != null) {
            community.communityLabel = ListeningSettings.ALL.equals(record.key()) ? "all communities" : post.communityLabel();
        }
        if (start + size <= community.closedUntilMs) {
            community.lateRecords++;
            lateSensor.record(1);
            LOG.debug("Listening: post {} of community {} is late (window {} already closed)", post.postId(), record.key(),
                    Instant.ofEpochMilli(start));
        } else {
            community.bucketFor(start, settings.sketchCapacity()).add(post);
            community.clockMs = Math.max(community.clockMs, eventTime);
            closeDue(record, community);
        }
        state.put(record.key(), community);
    }

    private void closeDue(Record<String, EnrichedPost> record, CommunityListening community) {
        long size = settings.window().toMillis();
        long closeBefore = community.clockMs - settings.grace().toMillis();
        var it = community.open.iterator();
        while (it.hasNext()) {
            CommunityListening.Bucket bucket = it.next();
            if (bucket.startMs + size > closeBefore) {
                break; // open buckets are sorted by start
            }
            close(record, community, bucket);
            it.remove();
        }
        long closedUntil = Math.floorDiv(closeBefore, size) * size;
        community.closedUntilMs = Math.max(community.closedUntilMs, closedUntil);
    }

    private void close(Record<String, EnrichedPost> record, CommunityListening community, CommunityListening.Bucket bucket) {
        String communityId = record.key();
        Instant start = Instant.ofEpochMilli(bucket.startMs);
        Instant end = start.plus(settings.window());
        var window = new ShiftDetector.Window(communityId, community.communityLabel, start, end, bucket.count, bucket.mean(),
                bucket.stdDev(), ids(bucket.lowest), ids(bucket.highest));
        settings.detector().judge(community.detector, window).ifPresent(alert -> {
            SentimentAlert before = alerts.get(alert.alertId());
            if (alert.status() == SentimentAlert.Status.OPEN && (before == null || !before.open())) {
                openAlerts++;
                openedSensor.record(1);
                LOG.info("Sentiment alert opened for {}: {}", alert.communityLabel() == null ? communityId : alert.communityLabel(),
                        alert.reason());
            } else if (alert.status() == SentimentAlert.Status.RESOLVED && before != null && before.open()) {
                openAlerts--;
                LOG.info("Sentiment alert {} resolved: {}", alert.alertId(), alert.reason());
            }
            openSensor.record(openAlerts);
            alerts.put(alert.alertId(), alert);
            context.forward(record.withKey(alert.alertId()).withValue(new ListeningEvent.Alert(alert)));
        });
        List<TrendReport.Term> terms = settings.trends().find(community.terms, bucket.terms);
        if (!terms.isEmpty()) {
            TrendReport report = new TrendReport(TrendReport.SCHEMA_VERSION, communityId, community.communityLabel, start, end,
                    bucket.count, terms);
            TrendHistory history = trends.get(communityId);
            trends.put(communityId, (history == null ? new TrendHistory(List.of()) : history).with(report, settings.trendHistory()));
            context.forward(record.withKey(communityId + "@" + bucket.startMs).withValue(new ListeningEvent.Trends(report)));
        }
    }

    private static List<String> ids(List<CommunityListening.Example> examples) {
        return examples.stream().map(CommunityListening.Example::postId).toList();
    }

    private static long eventTime(EnrichedPost post, long recordTimestamp) {
        var p = post.scored().post();
        return p != null && p.createdAt() != null ? p.createdAt().toEpochMilli() : recordTimestamp;
    }

    @Override
    public void close() {
        if (context != null) {
            context.metrics().removeSensor(lateSensor);
            context.metrics().removeSensor(openSensor);
            context.metrics().removeSensor(openedSensor);
        }
    }
}
