package io.chorus.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.testing.MockFixedKeyProcessorContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * Proves {@link LateRecords} alone on a mock context: the windowed aggregates' drop rule (window end at or before
 * stream time minus grace) counted per window size in {@code late-records-total}, and every record forwarded as it came.
 */
class LateRecordsTest {

    /** Stream time of every test: half past ten, so the 1h window [10:00, 11:00) is open and 1m windows before 10:30 are closed. */
    private static final Instant STREAM_TIME = Instant.parse("2026-11-01T10:30:00Z");

    private final MockFixedKeyProcessorContext<String, String> context = new MockFixedKeyProcessorContext<>();

    private LateRecords<String> start(Duration grace) {
        Map<String, Duration> windows = new LinkedHashMap<>();
        windows.put("1m", Duration.ofMinutes(1));
        windows.put("1h", Duration.ofHours(1));
        LateRecords<String> processor = new LateRecords<>(windows, grace);
        processor.init(context);
        context.setCurrentStreamTimeMs(STREAM_TIME.toEpochMilli());
        return processor;
    }

    private static void process(LateRecords<String> processor, Instant eventTime) {
        processor.process(MockFixedKeyProcessorContext.record("c1", "post at " + eventTime, eventTime.toEpochMilli()));
    }

    private Map<String, Long> late() {
        return LateRecords.byWindow(context.metrics().metrics());
    }

    @Test
    void countsARecordWhoseWindowsClosedInEverySize() {
        process(start(Duration.ZERO), STREAM_TIME.minus(Duration.ofHours(2)));
        assertThat(late()).containsEntry("1m", 1L).containsEntry("1h", 1L);
    }

    @Test
    void doesNotCountARecordAtStreamTime() {
        process(start(Duration.ZERO), STREAM_TIME);
        assertThat(LateRecords.total(context.metrics().metrics())).isZero();
    }

    @Test
    void countsOnlyTheSizesWhoseWindowClosed() {
        process(start(Duration.ZERO), STREAM_TIME.minus(Duration.ofMinutes(5)));
        assertThat(late()).containsEntry("1m", 1L).containsEntry("1h", 0L);
    }

    @Test
    void countsAWindowEndingExactlyAtTheCloseTime() {
        process(start(Duration.ZERO), STREAM_TIME.minus(Duration.ofMillis(1)));
        assertThat(late()).containsEntry("1m", 1L);
    }

    @Test
    void doesNotCountARecordStillInsideTheGracePeriod() {
        process(start(Duration.ofMinutes(10)), STREAM_TIME.minus(Duration.ofMinutes(5)));
        assertThat(late()).containsEntry("1m", 0L);
    }

    @Test
    void countsARecordWhoseWindowClosedBeforeTheGracePeriod() {
        process(start(Duration.ofMinutes(10)), STREAM_TIME.minus(Duration.ofMinutes(11)));
        assertThat(late()).containsEntry("1m", 1L).containsEntry("1h", 0L);
    }

    @Test
    void addsUpLateRecordsOfAllSizes() {
        LateRecords<String> processor = start(Duration.ZERO);
        process(processor, STREAM_TIME.minus(Duration.ofHours(2)));
        process(processor, STREAM_TIME.minus(Duration.ofMinutes(5)));
        assertThat(LateRecords.total(context.metrics().metrics())).isEqualTo(3);
    }

    @Test
    void forwardsLateAndOnTimeRecordsUnchanged() {
        LateRecords<String> processor = start(Duration.ZERO);
        Instant late = STREAM_TIME.minus(Duration.ofHours(2));
        process(processor, late);
        process(processor, STREAM_TIME);
        List<Record<? extends String, ? extends String>> forwarded = context.forwarded().stream()
                .<Record<? extends String, ? extends String>>map(CapturedForward::record).toList();
        assertThat(forwarded).containsExactly(new Record<>("c1", "post at " + late, late.toEpochMilli()),
                new Record<>("c1", "post at " + STREAM_TIME, STREAM_TIME.toEpochMilli()));
    }
}
