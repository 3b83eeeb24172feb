package io.chorus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.serde.Json;
import io.chorus.testing.SharedBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves the benchmarks measure what they claim at a tiny size: every request gives exactly one output, nothing
 * is dead-lettered, and the report has every field with a positive throughput. Never asserts a time: these run
 * on shared machines.
 */
class BenchSmokeTest {

    @Test
    void asyncBenchGivesExactlyOneOutputPerRequestInBothPipelinesAndReportsEveryField() throws Exception {
        var options = new AsyncBench.Options(200, Duration.ofMillis(20), 8, 2, 1, AsyncBench.Options.UNLIMITED_RPM, true, 20, 40,
                100, Duration.ofMinutes(2), SharedBroker.get().bootstrapServers());
        StringWriter text = new StringWriter();

        AsyncBench.Report report = AsyncBench.run(options, new PrintWriter(text));

        assertThat(report.async().completed()).isTrue();
        assertThat(report.async().outputs()).isEqualTo(200);
        assertThat(report.async().missing()).isZero();
        assertThat(report.async().duplicates()).isZero();
        assertThat(report.async().deadLettered()).isZero();
        assertThat(report.async().exactlyOnce()).isTrue();
        assertThat(report.async().perSecond()).isPositive();
        assertThat(report.async().limitPerSecond()).isEqualTo(8 * 2 / 0.020);
        assertThat(report.latency().requests()).isEqualTo(40);
        assertThat(report.latency().endToEndMs().count()).isEqualTo(40);
        assertThat(report.latency().endToEndMs().p99Ms()).isGreaterThanOrEqualTo(report.latency().endToEndMs().p50Ms());
        assertThat(report.baseline().throughput().outputs()).isEqualTo(20);
        assertThat(report.baseline().throughput().exactlyOnce()).isTrue();
        assertThat(report.baseline().speedUp()).isPositive();
        assertThat(report.memory().peakHeapUsedMb()).isPositive();
        assertThat(text.toString()).contains("== chorus bench async ==", "sync baseline", "verdict:");
        assertThat(Json.mapper().readTree(Json.mapper().writeValueAsString(report)).fieldNames())
                .toIterable().contains("options", "async", "latency", "baseline", "memory", "verdict");
    }

    @Test
    void pipelineBenchGivesExactlyOneOutputPerRecordForChorusAndPassThroughAtEachPartitionCount() throws Exception {
        var options = new PipelineBench.Options(2000, List.of(1, 2), 500, 300, 1, 1, 100, 0, Duration.ofMinutes(2),
                SharedBroker.get().bootstrapServers());
        StringWriter text = new StringWriter();

        PipelineBench.Report report = PipelineBench.run(options, new PrintWriter(text));

        assertThat(report.rows()).extracting(PipelineBench.Row::partitions).containsExactly(1, 2);
        assertThat(report.rows()).allSatisfy(row -> {
            for (PipelineBench.Run run : List.of(row.passThrough(), row.chorus())) {
                assertThat(run.completed()).isTrue();
                assertThat(run.outputs()).isEqualTo(2000);
                assertThat(run.duplicates()).isZero();
                assertThat(run.deadLettered()).isZero();
                assertThat(run.exactlyOnce()).isTrue();
                assertThat(run.overallPerSecond()).isPositive();
            }
            assertThat(row.ratio()).isPositive();
        });
        assertThat(report.latency().completed()).isTrue();
        assertThat(report.latency().exactlyOnce()).isTrue();
        assertThat(report.latency().endToEndMs().count()).isEqualTo(300 - 30);
        assertThat(report.memory().peakRssMb()).isNotZero();
        assertThat(text.toString()).contains("== chorus bench pipeline ==", "pass-through", "verdict:");
    }
}
