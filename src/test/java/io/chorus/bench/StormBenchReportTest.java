package io.chorus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The storm bench's figures, from arrival times made up for the purpose (no broker, no clock). */
class StormBenchReportTest {

    private static final long S = 1_000_000_000L;
    private static final StormBench.Options OPTIONS = new StormBench.Options(30, 3, Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofMillis(100), 16, 3, 200);

    /** {@code perSecond} outputs a second, evenly, from {@code fromS} to {@code toS} seconds. */
    private static void arrive(List<Long> out, double perSecond, int fromS, int toS) {
        for (double t = fromS; t < toS; t += 1 / perSecond) {
            out.add(Math.round(t * S));
        }
    }

    private static StormBench.Report report(List<Long> arrivals, long deadLetters) {
        long[] received = arrivals.stream().mapToLong(Long::longValue).toArray();
        var counts = new OutputWatcher.Counts(received.length, received.length, 0, 0, 0, 0, 0, 0);
        return StormBench.report(OPTIONS, received.length, 0, 30 * S, 90 * S, received, counts, deadLetters, 123);
    }

    @Test
    void aPipelineAtTheLimitThatAdaptsInTenSecondsIsReportedSo() {
        List<Long> arrivals = new ArrayList<>();
        arrive(arrivals, 30, 0, 40); // at the old limit, and 10 s too long after the drop
        arrive(arrivals, 10, 40, 90); // then at the new one
        StormBench.Report r = report(arrivals, 0);

        assertThat(r.beforeOfLimit()).isCloseTo(1.0, within(0.02));
        assertThat(r.secondsToNewLimit()).isEqualTo(10.0);
        assertThat(r.endOfLimit()).isCloseTo(1.0, within(0.02));
        assertThat(r.slices()).hasSize(18);
        assertThat(r.verdict()).contains("within 10% of the new limit 10 s after the drop").contains("0 dead letters");
    }

    @Test
    void aPipelineThatCollapsesAfterTheDropNeverReachesTheNewLimit() {
        List<Long> arrivals = new ArrayList<>();
        arrive(arrivals, 30, 0, 30);
        arrive(arrivals, 2, 30, 90); // starved by back-off: far below the new limit of 10/s
        StormBench.Report r = report(arrivals, 7);

        assertThat(r.secondsToNewLimit()).isNull();
        assertThat(r.endOfLimit()).isCloseTo(0.2, within(0.02));
        assertThat(r.verdict()).contains("never within 10%").contains("7 dead letters");
    }

    @Test
    void optionsOutsideTheirRangeAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> new StormBench.Options(30, 1, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMillis(100), 16, 3, 200))
                .hasMessageContaining("--ratio");
        assertThatThrownBy(() -> new StormBench.Options(30, 3, Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofMillis(100), 16, 3, 200))
                .hasMessageContaining("--before");
    }
}
