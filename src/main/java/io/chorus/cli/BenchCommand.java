package io.chorus.cli;

import io.chorus.bench.AsyncBench;
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
        description = {"Benchmarks: 'async' (model calls through the async processor against the stub LLM server)",
                "and 'pipeline' (local-model pipeline against a pass-through topology). See docs/BENCHMARKS.md."},
        subcommands = {BenchCommand.Async.class, BenchCommand.Pipeline.class, FailoverBenchCommand.class})
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
            description = {"Issue 3: N requests through the pipeline (async processor, real OpenAI client over HTTP) against",
                    "the stub server with latency L and capacity C per task over P partitions. Reports throughput against",
                    "min(C*P/L, rate limit), against a synchronous baseline (one blocking call at a time per stream thread),",
                    "and p50/p99 added latency at half the limit. Exit code 1 if an output is missing or duplicated."})
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
                        baseline, baselineRequests, latencyRequests, common.commitIntervalMs(), common.timeout(), common.bootstrap);
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

    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = {"Issue 8: the pipeline with local models (VADER; communities off) against a pass-through topology",
                    "(read, deserialize, write) on the same broker, at each partition count; then end-to-end latency from",
                    "produce to chorus.posts.scored at a steady rate; peak heap and RSS. Exit code 1 if an output is missing",
                    "or duplicated."})
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
