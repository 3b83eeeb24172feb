package io.chorus.cli;

import io.chorus.bench.AsyncBench;
import io.chorus.bench.StormBench;
import io.chorus.bench.PipelineBench;
import io.chorus.serde.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chorus bench}: the benchmarks of issues 3 (async model calls) and 8 (pipeline performance). Each run has
 * its own embedded broker (or {@code --bootstrap}), unique application ids and topics, deadlines, a table on
 * stdout and optionally a JSON report. Results and the commands that reproduce them: {@code docs/BENCHMARKS.md}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure Chorus on this machine: the async model-call processor, the local-model pipeline, a soak with faults, or failover on a three-broker cluster.",
                "Each benchmark prints its numbers with the load they were measured under; docs/BENCHMARKS.md lists the results and the commands that reproduce them."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus bench async --latency 200ms --capacity 16",
                "  chorus bench pipeline --partitions 1,2,4"},
        subcommands = {BenchCommand.Async.class, BenchCommand.Storm.class, BenchCommand.Pipeline.class, SoakCommand.class,
                FailoverBenchCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    /** Options every benchmark has. */
    static final class Common {
        @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
                description = "Run against this Kafka cluster instead of an embedded broker (topics are created and deleted).")
        String bootstrap;

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
        Path json;

        @Option(names = "--commit-interval", paramLabel = "DURATION", defaultValue = "200ms",
                description = "Kafka Streams commit interval; with exactly-once, outputs become visible at commits (default: ${DEFAULT-VALUE}).")
        String commitInterval;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
                description = "Deadline of each phase; a phase past it is reported INCOMPLETE (default: ${DEFAULT-VALUE}).")
        String timeout;

        long commitIntervalMs() {
            return Durations.parse("--commit-interval", commitInterval).toMillis();
        }

        Duration timeout() {
            return Durations.parse("--timeout", timeout);
        }

        void writeJson(Object report, PrintWriter out) throws IOException {
            if (json != null) {
                Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
                out.println("report written to " + json);
            }
        }
    }

    @Command(name = "async", mixinStandardHelpOptions = true,
            description = {"Measure the throughput and added latency of model calls through the async processor, against the stub model server.",
                    "N requests go through the pipeline (the async processor and the real OpenAI client over HTTP) to the stub server, which answers after latency L, with C calls in flight per task over P partitions. It reports the throughput against its bound, min(C*P/L, rate limit), and against a synchronous baseline (one blocking call at a time per stream thread), and the p50 and p99 added latency at half the bound. The exit code is 1 if an output is missing or duplicated."},
            footerHeading = "%nExamples:%n",
            footer = {"  chorus bench async",
                    "  chorus bench async --requests 5000 --latency 100ms --capacity 32"})
    static final class Async implements Callable<Integer> {

        @Option(names = "--requests", paramLabel = "N", defaultValue = "2000", description = "Requests in the throughput run (default: ${DEFAULT-VALUE}).")
        int requests;

        @Option(names = "--latency", paramLabel = "DURATION", defaultValue = "200ms", description = "Stub answer latency L (default: ${DEFAULT-VALUE}).")
        String latency;

        @Option(names = "--capacity", paramLabel = "C", defaultValue = "16", description = "In-flight calls per task (default: ${DEFAULT-VALUE}).")
        int capacity;

        @Option(names = "--partitions", paramLabel = "P", defaultValue = "3", description = "Input partitions = tasks (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--threads", paramLabel = "T", defaultValue = "1", description = "Stream threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--rate-limit", paramLabel = "RPM", defaultValue = "" + AsyncBench.Options.UNLIMITED_RPM,
                description = "Model requests per minute allowed (default: ${DEFAULT-VALUE}, i.e. no limit in practice).")
        int rateLimit;

        @Option(names = "--baseline", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Also run the synchronous baseline (default: on; --no-baseline to skip).")
        boolean baseline;

        @Option(names = "--baseline-requests", paramLabel = "N", defaultValue = "0",
                description = "Requests for the baseline; 0: about 10 s worth at its limit (default: ${DEFAULT-VALUE}).")
        int baselineRequests;

        @Option(names = "--latency-requests", paramLabel = "N", defaultValue = "0",
                description = "Requests in the latency run at half the limit; 0: about 5 s worth (default: ${DEFAULT-VALUE}).")
        int latencyRequests;

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "Call this OpenAI-compatible endpoint (base URL with /v1) instead of starting the stub.")
        String endpoint;

        @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
                description = "Posts per model request (async.batch.size; default: ${DEFAULT-VALUE}, one per request).")
        int batch;

        @Option(names = "--same-jvm", description = "Run the stub and the broker in this JVM (default: each in its own, so CPU,"
                + " threads and allocation are Chorus's alone).")
        boolean sameJvm;

        @CommandLine.Mixin
        Common common = new Common();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            AsyncBench.Options options;
            try {
                options = new AsyncBench.Options(requests, Durations.parse("--latency", latency), capacity, partitions, threads, rateLimit,
                        baseline, baselineRequests, latencyRequests, common.commitIntervalMs(), common.timeout(), common.bootstrap,
                        endpoint, !sameJvm, batch);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            AsyncBench.Report report = AsyncBench.run(options, out);
            common.writeJson(report, out);
            boolean correct = report.async().exactlyOnce() && report.async().completed()
                    && (report.baseline() == null || report.baseline().throughput().exactlyOnce());
            return correct ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "storm", mixinStandardHelpOptions = true,
            description = {"Measure how model calls follow an endpoint whose rate limit drops mid-run (a 429 storm).",
                    "A backlog of posts is scored through the async processor against the stub model server, which allows "
                            + "--limit requests per second and answers the rest with 429 and Retry-After; Chorus's own request "
                            + "limit is off, so only the endpoint's signals steer it. After --before the limit drops to "
                            + "limit / --ratio. It reports the throughput against the limit in 5-second slices, how long "
                            + "after the drop the throughput stays within 10% of the new limit, the 429s, and dead letters. "
                            + "The exit code is 1 if an output is duplicated or a post is dead-lettered."},
            footer = {"", "Examples:", "  chorus bench storm", "  chorus bench storm --limit 60 --ratio 3 --before 30s --after 60s"})
    static final class Storm implements Callable<Integer> {
        @Option(names = "--limit", paramLabel = "PER_SECOND", defaultValue = "40",
                description = "Requests per second the stub allows before the drop (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--ratio", paramLabel = "R", defaultValue = "3",
                description = "The limit drops to limit / R (default: ${DEFAULT-VALUE}).")
        double ratio;

        @Option(names = "--before", paramLabel = "DURATION", defaultValue = "30s", description = "Time before the drop (default: ${DEFAULT-VALUE}).")
        String before;

        @Option(names = "--after", paramLabel = "DURATION", defaultValue = "60s", description = "Time after the drop (default: ${DEFAULT-VALUE}).")
        String after;

        @Option(names = "--latency", paramLabel = "DURATION", defaultValue = "100ms", description = "Stub answer latency (default: ${DEFAULT-VALUE}).")
        String latency;

        @Option(names = "--capacity", paramLabel = "C", defaultValue = "16", description = "In-flight calls per task (default: ${DEFAULT-VALUE}).")
        int capacity;

        @Option(names = "--partitions", paramLabel = "P", defaultValue = "3", description = "Input partitions = tasks (default: ${DEFAULT-VALUE}).")
        int partitions;

        @CommandLine.Mixin
        Common common = new Common();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            StormBench.Options options;
            try {
                options = new StormBench.Options(limit, ratio, Durations.parse("--before", before), Durations.parse("--after", after),
                        Durations.parse("--latency", latency), capacity, partitions, common.commitIntervalMs());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            StormBench.Report report = StormBench.run(options, out);
            common.writeJson(report, out);
            return report.exactlyOnce() && report.deadLetters() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = {"Measure the pipeline with local models against a pass-through topology, then its end-to-end latency and memory.",
                    "At each partition count the pipeline (VADER scoring, communities off) and a pass-through topology (read, deserialize, write) process the same records on the same broker, so the difference is Chorus's own cost. Then it measures the end-to-end latency from produce to chorus.posts.scored at a steady rate, and the peak heap and RSS. The exit code is 1 if an output is missing or duplicated."},
            footerHeading = "%nExamples:%n",
            footer = {"  chorus bench pipeline",
                    "  chorus bench pipeline --records 200000 --partitions 1,2,4,8"})
    static final class Pipeline implements Callable<Integer> {

        @Option(names = "--records", paramLabel = "N", defaultValue = "100000", description = "Records per throughput run (default: ${DEFAULT-VALUE}).")
        int records;

        @Option(names = "--partitions", paramLabel = "LIST", defaultValue = "3", split = ",",
                description = "Partition counts to sweep, e.g. 1,2,4,8 (default: ${DEFAULT-VALUE}).")
        List<Integer> partitions = new ArrayList<>();

        @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "2000",
                description = "Records per second in the latency run (default: ${DEFAULT-VALUE}).")
        double rate;

        @Option(names = "--latency-records", paramLabel = "N", defaultValue = "20000",
                description = "Records in the latency run; 0 skips it (default: ${DEFAULT-VALUE}).")
        int latencyRecords;

        @Option(names = "--threads", paramLabel = "T", defaultValue = "1", description = "Stream threads per instance (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--instances", paramLabel = "N", defaultValue = "1",
                description = "Instances (same application id, in this JVM) per run (default: ${DEFAULT-VALUE}).")
        int instances;

        @Option(names = "--warmup-records", paramLabel = "N", defaultValue = "20000",
                description = "Records of an unreported first run of both topologies (JIT warm-up); 0 skips it (default: ${DEFAULT-VALUE}).")
        int warmupRecords;

        @CommandLine.Mixin
        Common common = new Common();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PipelineBench.Options options;
            try {
                options = new PipelineBench.Options(records, partitions, rate, latencyRecords, threads, instances, common.commitIntervalMs(),
                        warmupRecords, common.timeout(), common.bootstrap);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            PipelineBench.Report report = PipelineBench.run(options, out);
            common.writeJson(report, out);
            boolean correct = report.rows().stream().allMatch(r -> r.chorus().exactlyOnce() && r.passThrough().exactlyOnce())
                    && (report.latency() == null || report.latency().exactlyOnce());
            return correct ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
