package io.chorus.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.bench.FailoverBench;
import io.chorus.kafka.KafkaCluster;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves that on a three-broker cluster (each broker its own JVM, replication 3, min.insync.replicas 2) with three
 * Chorus instances (each its own JVM, one standby) under steady traffic with model calls in flight, a SIGKILLed
 * broker, then a SIGKILLed instance, then both restarted, lose and duplicate nothing: every post has exactly one
 * read_committed output (scored or dead letter); outputs flow again after each event; and interactive queries to live
 * instances all succeed once every instance is back. A short run of {@code chorus bench failover}.
 */
class ClusterFailoverTest {

    @Test
    @Timeout(value = 14, unit = TimeUnit.MINUTES)
    void brokerAndInstanceKilledAndRestartedLoseAndDuplicateNothing() throws Exception {
        FailoverBench.Options options = new FailoverBench.Options(4, 3, Duration.ofMillis(100), 40,
                List.of(new FailoverBench.Variant(1, "classic")), Duration.ofMinutes(4), "320m",
                Duration.ofSeconds(30)); // a loose "caught up": the suite runs on 2 shared cores
        PrintWriter out = new PrintWriter(System.out, true);
        FailoverBench.Report report;
        try (KafkaCluster cluster = KafkaCluster.start(3, 0, null)) {
            report = FailoverBench.run(options, FailoverBench.of(cluster), out);
        }
        FailoverBench.Run run = report.runs().get(0);

        assertThat(run.completed()).as("every phase finished before its deadline (logs: %s)", run.logs()).isTrue();
        assertThat(run.replicationFactor()).as("replicas of the input topic").isEqualTo(3);
        assertThat(run.minInsyncReplicas()).isEqualTo("2");
        assertThat(run.sent()).isGreaterThan(4 * options.dwellPosts());
        assertThat(run.missing()).as("posts without any output").isZero();
        assertThat(run.duplicates()).as("outputs beyond one per post").isZero();
        assertThat(run.unidentified()).isZero();
        assertThat(run.scored() + run.deadLetters()).isEqualTo(run.sent());
        assertThat(run.events()).extracting(FailoverBench.Event::what).hasSize(4);
        assertThat(run.events()).allSatisfy(e -> assertThat(e.recoveryMs()).as("outputs resumed after %s", e.what()).isNotNegative());
        assertThat(run.queries()).isPositive();
        assertThat(run.queriesFailedOutsideRebalance()).as("queries failing while every instance was RUNNING (no rebalance)").isZero();
    }
}
