package io.chorus.cli;

import io.chorus.bench.FailoverBench;
import io.chorus.serde.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus bench failover}: broker and instance failures on a three-broker cluster, measured. */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"Measure failover on a three-broker cluster: kill -9 a broker, then a Chorus instance, then restart both, under steady traffic.",
                "Each broker and each of the N instances is its own JVM, with model calls in flight on the stub. It reports how long outputs stop after each event, the interactive queries that failed, and whether every post came out exactly once."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus bench failover --rate 30 --variants classic:0,classic:1",
                "  chorus bench failover --rate 4 --dwell 40 --timeout 3m"})
final class FailoverBenchCommand implements Callable<Integer> {

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "30", description = "Posts per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "3", description = "Chorus instances (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--model-latency", paramLabel = "DURATION", defaultValue = "100ms",
            description = "Stub model answer time (default: ${DEFAULT-VALUE}).")
    String modelLatency;

    @Option(names = "--dwell", paramLabel = "POSTS", defaultValue = "600",
            description = "Outputs between one event's recovery and the next (default: ${DEFAULT-VALUE}).")
    int dwell;

    @Option(names = "--variants", paramLabel = "PROTOCOL:STANDBYS", split = ",", defaultValue = "classic:0,classic:1",
            description = "Rebalance protocol (classic or streams) and standby replicas of each run (default: ${DEFAULT-VALUE}).")
    List<String> variants = new ArrayList<>();

    @Option(names = "--instance-heap", paramLabel = "SIZE", defaultValue = "384m", description = "-Xmx of each instance (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "Deadline of each wait; past it the run is reported INCOMPLETE (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--caught-up", paramLabel = "DURATION", defaultValue = "5s",
            description = "Before each event, every post older than this must have its output (default: ${DEFAULT-VALUE}; "
                    + "raise it on a loaded machine).")
    String caughtUp;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FailoverBench.Options options;
        try {
            List<FailoverBench.Variant> parsed = new ArrayList<>();
            for (String v : variants) {
                String[] parts = v.split(":");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("--variants takes PROTOCOL:STANDBYS, e.g. classic:1, not '" + v + "'");
                }
                parsed.add(new FailoverBench.Variant(Integer.parseInt(parts[1].trim()), parts[0].trim()));
            }
            options = new FailoverBench.Options(rate, instances, Durations.parse("--model-latency", modelLatency), dwell, parsed,
                    Durations.parse("--timeout", timeout), heap, Durations.parse("--caught-up", caughtUp));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        FailoverBench.Report report = FailoverBench.run(options, out);
        if (json != null) {
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
            out.println("report written to " + json);
        }
        return report.runs().stream().allMatch(FailoverBench.Run::exactlyOnce) ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
