package io.chorus.bench;

import io.chorus.app.ChorusApp;
import io.chorus.app.Dependencies;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 8's benchmark: the Chorus pipeline with local models (VADER sentiment; communities off) against a
 * pass-through topology (read, deserialize, write) on the same broker in the same run, at each partition count.
 *
 * <p><b>Throughput</b>: {@code records} posts are produced first (a backlog), then the application is started and
 * every output counted as it becomes visible ({@code read_committed}). Steady throughput counts the records after
 * the first committed transaction over the time from it to the last output, so group join and start-up are left
 * out (a run so small that one transaction holds it all falls back to the overall figure); the throughput including
 * start-up is reported too. <b>Latency</b>: a running application fed at a steady
 * rate below saturation; end to end from the producer's send to the output visible on {@code chorus.posts.scored},
 * the first 10% left out as warm-up. Before the sweep, both topologies run once unreported (JIT warm-up). The CPU
 * time of the whole JVM per record is reported with each run: on a shared machine it varies far less than
 * wall-clock throughput, and it is what sizing needs.
 */
public final class PipelineBench {

    /**
     * @param records          posts per throughput run
     * @param partitions       partition counts to sweep
     * @param rate             posts per second in the latency run
     * @param latencyRecords   posts in the latency run; 0 skips it
     * @param threads          stream threads per instance
     * @param instances        Chorus (and pass-through) instances sharing the application id
     * @param commitIntervalMs Kafka Streams commit interval (exactly-once: outputs become visible at commits)
     * @param warmupRecords    records of the unreported warm-up run of both topologies (JIT); 0 skips it
     * @param timeout          deadline of each run
     * @param bootstrap        an external cluster, or null for an embedded broker
     */
    public record Options(int records, List<Integer> partitions, double rate, int latencyRecords, int threads, int instances,
                          long commitIntervalMs, int warmupRecords, Duration timeout, String bootstrap) {

        public Options {
            require(records >= 1, "--records must be >= 1");
            require(!partitions.isEmpty() && partitions.stream().allMatch(p -> p >= 1), "--partitions must be a list of counts >= 1");
            require(rate > 0, "--rate must be > 0");
            require(latencyRecords >= 0, "--latency-records must be >= 0");
            require(threads >= 1, "--threads must be >= 1");
            require(instances >= 1, "--instances must be >= 1");
            require(warmupRecords >= 0, "--warmup-records must be >= 0");
            partitions = List.copyOf(partitions);
        }
    }

    /** One application over the backlog. */
    public record Run(String topology, int records, int outputs, long duplicates, long deadLettered, boolean exactlyOnce, boolean completed,
                      double startupSeconds, double steadyPerSecond, double overallPerSecond, double cpuUsPerRecord) {
    }

    /** Both topologies at one partition count. */
    public record Row(int partitions, Run passThrough, Run chorus, double ratio) {
    }

    public record Latency(int records, int partitions, double targetRate, double achievedRate, int warmupExcluded, Percentiles endToEndMs,
                          boolean completed, boolean exactlyOnce) {
    }

    public record Report(String bench, Options options, List<Row> rows, Latency latency, MemoryProbe.Memory memory, String verdict) {
    }

    private PipelineBench() {
    }

    public static Report run(Options o, PrintWriter out) throws InterruptedException {
        BenchFeed feed = new BenchFeed(1000);
        try (MemoryProbe memory = MemoryProbe.start(); BenchCluster cluster = BenchCluster.open(o.bootstrap())) {
            out.printf("pipeline bench: broker %s%s, %d records, partitions %s, %d stream thread(s) x %d instance(s)%n", cluster.bootstrap(),
                    cluster.embedded() ? " (embedded)" : "", o.records(), o.partitions(), o.threads(), o.instances());
            out.flush();
            // The first run in a JVM pays for JIT compilation of the whole client and streams path: warm up first.
            if (o.warmupRecords() > 0) {
                sweepPoint(o, cluster, feed, o.partitions().get(0), "warmup", o.warmupRecords());
                out.printf("  warm-up (%d records through both topologies, not reported) done%n", o.warmupRecords());
            }
            List<Row> rows = new ArrayList<>();
            for (int p : o.partitions()) {
                Row row = sweepPoint(o, cluster, feed, p, "p" + p, o.records());
                rows.add(row);
                out.printf("  P=%d: pass-through %.0f rec/s, chorus %.0f rec/s, ratio %.2f%n", p, row.passThrough().steadyPerSecond(),
                        row.chorus().steadyPerSecond(), row.ratio());
                out.flush();
            }
            Latency latency = o.latencyRecords() > 0 ? latencyRun(o, cluster, feed, o.partitions().get(0)) : null;
            Report report = new Report("pipeline", o, rows, latency, memory.snapshot(), verdict(rows, latency));
            print(report, out);
            return report;
        }
    }

    private static ChorusConfig config(Options o, BenchCluster cluster, String name) {
        return cluster.config(name, Map.of(ChorusConfig.SENTIMENT_SCORER, "local", ChorusConfig.COMMUNITIES_ENABLED, false,
                ChorusConfig.NUM_STREAM_THREADS, o.threads(), ChorusConfig.COMMIT_INTERVAL_MS, o.commitIntervalMs()));
    }

    private static Row sweepPoint(Options o, BenchCluster cluster, BenchFeed feed, int partitions, String name, int records)
            throws InterruptedException {
        ChorusConfig config = config(o, cluster, name);
        Topics topics = Topics.from(config);
        cluster.createTopics(config, List.of(TopicId.POSTS, TopicId.SCORED, TopicId.DLQ),
                Map.of(TopicId.POSTS, partitions, TopicId.SCORED, partitions));
        String passOut = topics.posts.name() + ".pass-through";
        cluster.createTopic(passOut, partitions);
        try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
            feed.produceAll(producer, topics.posts.name(), 0, records, null);
        }
        // Same input, same broker, one after the other (never both at once on two cores).
        ChorusConfig passConfig = config.with(Map.of(ChorusConfig.APPLICATION_ID, config.applicationId() + "-pass-through"));
        Run pass = measure("pass-through", o, records, cluster, passOut, topics.dlq.name(), () -> {
            List<AutoCloseable> apps = new ArrayList<>();
            for (int i = 0; i < o.instances(); i++) {
                ChorusConfig c = passConfig.with(Map.of(ChorusConfig.STATE_DIR, cluster.newStateDir().toString()));
                apps.add(BenchStreams.start(BenchStreams.passThrough(c, passOut), c));
            }
            return apps;
        });
        Run chorus = measure("chorus", o, records, cluster, topics.scored.name(), topics.dlq.name(), () -> {
            List<AutoCloseable> apps = new ArrayList<>();
            for (int i = 0; i < o.instances(); i++) {
                ChorusConfig c = config.with(Map.of(ChorusConfig.STATE_DIR, cluster.newStateDir().toString()));
                apps.add(ChorusApp.start(c, Dependencies.localScoring(), false));
            }
            return apps;
        });
        return new Row(partitions, pass, chorus, chorus.steadyPerSecond() / pass.steadyPerSecond());
    }

    @FunctionalInterface
    private interface Starter {
        List<AutoCloseable> start();
    }

    private static Run measure(String name, Options o, int n, BenchCluster cluster, String outTopic, String dlqTopic, Starter starter)
            throws InterruptedException {
        try (OutputWatcher outputs = new OutputWatcher(cluster.bootstrap(), outTopic, n);
             OutputWatcher dlq = new OutputWatcher(cluster.bootstrap(), dlqTopic, n)) {
            long start = System.nanoTime();
            long cpuStart = MemoryProbe.processCpuNanos();
            List<AutoCloseable> apps = starter.start();
            try {
                boolean done = outputs.awaitDistinct(n, start + o.timeout().toNanos());
                long end = System.nanoTime();
                double cpuUs = (MemoryProbe.processCpuNanos() - cpuStart) / 1e3 / n;
                outputs.settleAndStop(Duration.ofMillis(Math.max(500, 3 * o.commitIntervalMs())));
                dlq.settleAndStop(Duration.ZERO);
                OutputWatcher.Counts c = outputs.counts();
                long last = done ? c.lastNanos() : end;
                double startup = c.firstBatchNanos() < 0 ? Double.NaN : (c.firstBatchNanos() - start) / 1e9;
                double steady = c.firstBatchNanos() < 0 || last <= c.firstBatchNanos() ? Double.NaN
                        : (c.distinct() - c.firstBatchCount()) / ((last - c.firstBatchNanos()) / 1e9);
                double overall = c.distinct() / ((last - start) / 1e9);
                if (Double.isNaN(steady)) {
                    steady = overall; // everything became visible in one transaction: too small a run to leave start-up out
                }
                long dead = dlq.counts().total();
                return new Run(name, n, c.distinct(), c.duplicates() + c.unidentified(), dead, c.exactlyOnce() && dead == 0, done, startup,
                        steady, overall, cpuUs);
            } finally {
                closeAll(apps);
            }
        }
    }

    private static Latency latencyRun(Options o, BenchCluster cluster, BenchFeed feed, int partitions) throws InterruptedException {
        ChorusConfig config = config(o, cluster, "latency");
        Topics topics = Topics.from(config);
        cluster.createTopics(config, List.of(TopicId.POSTS, TopicId.SCORED, TopicId.DLQ),
                Map.of(TopicId.POSTS, partitions, TopicId.SCORED, partitions));
        int n = o.latencyRecords();
        long[] sent = new long[n];
        List<AutoCloseable> apps = new ArrayList<>();
        try (OutputWatcher outputs = new OutputWatcher(cluster.bootstrap(), topics.scored.name(), n);
             var producer = FeedProducer.producer(config.kafkaClientProps())) {
            for (int i = 0; i < o.instances(); i++) {
                ChorusConfig c = config.with(Map.of(ChorusConfig.STATE_DIR, cluster.newStateDir().toString()));
                ChorusApp app = ChorusApp.start(c, Dependencies.localScoring(), false);
                apps.add(app);
            }
            for (AutoCloseable app : apps) {
                ((ChorusApp) app).awaitRunning(Duration.ofSeconds(60));
            }
            long start = System.nanoTime();
            feed.produceAtRate(producer, topics.posts.name(), 0, n, o.rate(), sent);
            double achieved = n / ((System.nanoTime() - start) / 1e9);
            boolean done = outputs.awaitDistinct(n, System.nanoTime() + o.timeout().toNanos());
            outputs.settleAndStop(Duration.ofMillis(Math.max(500, 3 * o.commitIntervalMs())));
            long[] received = outputs.receivedNanos();
            int warmup = n / 10;
            long[] e2e = new long[n - warmup];
            int k = 0;
            for (int i = warmup; i < n; i++) {
                if (received[i] > 0) {
                    e2e[k++] = received[i] - sent[i];
                }
            }
            return new Latency(n, partitions, o.rate(), achieved, warmup, Percentiles.ofNanos(e2e, 0, k), done, outputs.counts().exactlyOnce());
        } finally {
            closeAll(apps);
        }
    }

    private static void closeAll(List<AutoCloseable> apps) {
        for (AutoCloseable app : apps) {
            try {
                app.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing a benchmark application failed: " + e.getMessage(), e);
            }
        }
    }

    private static String verdict(List<Row> rows, Latency latency) {
        double worst = rows.stream().mapToDouble(Row::ratio).min().orElse(Double.NaN);
        boolean correct = rows.stream().allMatch(r -> r.chorus().exactlyOnce() && r.passThrough().exactlyOnce() && r.chorus().completed())
                && (latency == null || (latency.completed() && latency.exactlyOnce()));
        return (worst >= 0.5 ? "MET" : "NOT MET") + String.format(": Chorus at %.0f%% of pass-through at worst (goal >= 50%%)", 100 * worst)
                + (correct ? "" : "; CORRECTNESS PROBLEM: not every record gave exactly one output");
    }

    static void print(Report r, PrintWriter out) {
        Options o = r.options();
        out.println();
        out.println("== chorus bench pipeline ==");
        out.printf("%d records per run | %d stream thread(s) x %d instance(s) | commit %d ms | exactly_once_v2 | sentiment=local, communities off%n",
                o.records(), o.threads(), o.instances(), o.commitIntervalMs());
        out.printf("%4s %-13s %9s %9s %6s %5s %10s %13s %13s %7s %11s%n", "P", "topology", "records", "outputs", "dups", "dlq", "startup s",
                "steady rec/s", "overall rec/s", "ratio", "cpu us/rec");
        for (Row row : r.rows()) {
            runRow(out, row.partitions(), row.passThrough(), "");
            runRow(out, row.partitions(), row.chorus(), String.format("%.2f", row.ratio()));
        }
        if (r.latency() != null) {
            Latency l = r.latency();
            out.printf("latency at %.0f rec/s (achieved %.0f), P=%d, %d records (first %d excluded): end-to-end p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%s%n",
                    l.targetRate(), l.achievedRate(), l.partitions(), l.records(), l.warmupExcluded(), l.endToEndMs().p50Ms(), l.endToEndMs().p90Ms(),
                    l.endToEndMs().p99Ms(), l.endToEndMs().maxMs(), l.completed() ? "" : "  INCOMPLETE (deadline)");
        }
        MemoryProbe.Memory m = r.memory();
        out.printf("memory (whole JVM: broker, streams, clients): peak heap %d MB (pool peaks %d MB, max %d MB), peak RSS %d MB%s%n",
                m.peakHeapUsedMb(), m.poolPeakSumMb(), m.heapMaxMb(), m.peakRssMb(), m.rssPeakWasReset() ? "" : " (since JVM start)");
        out.println("verdict: " + r.verdict());
        out.flush();
    }

    private static void runRow(PrintWriter out, int p, Run run, String ratio) {
        out.printf("%4d %-13s %9d %9d %6d %5d %10.2f %13.0f %13.0f %7s %11.0f%s%n", p, run.topology(), run.records(), run.outputs(),
                run.duplicates(), run.deadLettered(), run.startupSeconds(), run.steadyPerSecond(), run.overallPerSecond(), ratio, run.cpuUsPerRecord(),
                run.completed() ? "" : "  INCOMPLETE (deadline)");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
