package io.chorus.cli;

import io.chorus.config.ChorusConfig;
import io.chorus.reconcile.ReconcileReport;
import io.chorus.reconcile.Reconciler;
import io.chorus.replay.ReplayRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus reconcile}: checks that every input record ended as an output or a dead letter. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Check on any cluster that every input record of a period ended as exactly one output or one dead letter, stage by stage.",
                "The stages are posts, enrichment, profiles, campaigns and follows (generation counted), as a read_committed consumer sees them. It prints the table and a sample of missing records. Exit code: 0 balanced, 1 records missing or duplicated, 4 balanced so far but inputs still pending."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus reconcile --bootstrap localhost:9092",
                "  chorus reconcile --from 2026-11-01T00:00:00Z --to 2026-11-02T00:00:00Z"})
public final class ReconcileCommand implements Callable<Integer> {

    /** Every input accounted for so far, but some are beyond the application's committed offsets. */
    static final int PENDING = 4;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Inputs produced at or after TIME (ISO-8601 instant or epoch ms; default: the beginning).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Inputs produced before TIME (default: now).")
    String to;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "10", description = "Missing records to list per stage (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m",
            description = "Longest time to read one topic to its end (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ChorusConfig config = configOptions.load();
        Instant fromTime;
        Instant toTime;
        try {
            fromTime = from == null ? null : ReplayRange.parseTime("--from", from);
            toTime = to == null ? null : ReplayRange.parseTime("--to", to);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw new UserError("--from " + from + " is not before --to " + to);
        }
        if (sample < 0) {
            throw new UserError("--sample must be 0 or more");
        }
        Duration readTimeout = Durations.parse("--timeout", timeout);
        ReconcileReport report = new Reconciler(config, Clock.systemUTC())
                .run(new Reconciler.Options(fromTime, toTime, sample, readTimeout));
        report.print(spec.commandLine().getOut());
        if (!report.balanced()) {
            return ExitCodes.FAILURE;
        }
        return report.pending() > 0 ? PENDING : ExitCodes.OK;
    }
}
