package io.chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the demo's retiming of the sample moves only the times, by whole days, and leaves bad lines just as bad. */
class FeedProducerTest {

    private static final List<String> FIELDS = List.of("createdAt", "activeFrom", "activeTo");

    @Test
    void shiftsEveryNamedInstantAndNothingElse() {
        String line = "{\"id\":\"p-1\",\"text\":\"createdAt 2026-11-01\",\"createdAt\":\"2026-11-01T08:00:28Z\",\"x\":1}";

        String moved = FeedProducer.shiftTimes(Duration.ofDays(30), FIELDS).apply(line);

        assertThat(moved).isEqualTo("{\"id\":\"p-1\",\"text\":\"createdAt 2026-11-01\",\"createdAt\":\"2026-12-01T08:00:28Z\",\"x\":1}");
    }

    @Test
    void leavesLinesWithoutAnInstantUnchanged() {
        var shift = FeedProducer.shiftTimes(Duration.ofDays(3), FIELDS);
        String truncated = "{\"schemaVersion\":1,\"id\":\"p-bad-01\",\"text\":\"Loving the new";
        String notJson = "p-bad-02|u-018|2026-11-01 14:00:22|Loving the new patch";
        String notAnInstant = "{\"createdAt\":\"yesterday\"}";

        assertThat(shift.apply(truncated)).isEqualTo(truncated);
        assertThat(shift.apply(notJson)).isEqualTo(notJson);
        assertThat(shift.apply(notAnInstant)).isEqualTo(notAnInstant);
    }

    @Test
    void findsTheLatestInstant() {
        var lines = new BufferedReader(new StringReader("{\"createdAt\":\"2026-11-01T08:00:00Z\"}\n{\"createdAt\":\"2026-11-01T14:01:04Z\"}\n"));

        assertThat(FeedProducer.latestTime(lines, List.of("createdAt"))).isEqualTo(Instant.parse("2026-11-01T14:01:04Z"));
    }

    @Test
    void theDemoMovesTheSampleByWholeDaysToWithinTheLastDay() {
        Instant now = Instant.parse("2026-12-01T21:44:00Z");

        Duration shift = Demo.sampleShift(now);

        assertThat(shift.toHours() % 24).isZero();
        Instant newest = Instant.parse("2026-11-01T14:01:04Z").plus(shift);
        assertThat(newest).isBeforeOrEqualTo(now).isAfter(now.minus(Duration.ofDays(1)));
    }
}
