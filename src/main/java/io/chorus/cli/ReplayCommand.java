package io.chorus.cli;

import io.chorus.app.Dependencies;
import io.chorus.config.ChorusConfig;
import io.chorus.replay.Experiment;
import io.chorus.replay.ReplayRange;
import io.chorus.replay.ReplayRunner;
import io.chorus.replay.ReplaySummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus replay}: run an experiment over a time range of the input topics, side by side with production. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a period of the input topics through the same topology under other settings, as an experiment.",
                "The input topics are read again from --from (to --to, or to their end now) under another configuration (--set sentiment.scorer=..., llm.model=..., a prompt, a campaign). The experiment runs under application id <application.id>-exp-NAME and writes every output to <topic>.exp.NAME (created from topics/). It stops by itself when every input partition is done and prints a summary: records in and out, dead letters, dropped records, model calls, cache hits, tokens, estimated cost and wall time.",
                "Production topics, offsets and state are never touched, and unchanged prompts are answered from the shared response cache. Running the same experiment again resumes it; --reset starts it over. Compare it with production afterwards with chorus compare production NAME."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus replay --experiment vader --from 2026-12-01T08:00:00Z",
                "  chorus replay --experiment llm --from 2026-12-01T08:00:00Z --reset \\",
                "      --set sentiment.scorer=llm --set llm.base.url=http://127.0.0.1:8099/v1"})
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--experiment", required = true, paramLabel = "NAME",
            description = "Experiment name: a-z, 0-9 and '-' (it goes into topic names), e.g. scorer-llm.")
    String name;

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "Start: ISO-8601 instant (2026-11-01T08:00:00Z) or epoch milliseconds.")
    String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "End (exclusive), same forms as --from; default: the end of the input topics when the replay starts.")
    String to;

    @Option(names = "--reset", description = "Delete the experiment's outputs, internal topics, offsets and local state first, and start over.")
    boolean reset;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "6h",
            description = "Stop with an error (progress kept, run again to resume) if not done by then; e.g. 30m, 2h. Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ChorusConfig base = configOptions.load();
        Experiment experiment;
        ReplayRange range;
        try {
            experiment = Experiment.of(name, base);
            Instant start = ReplayRange.parseTime("--from", from);
            range = new ReplayRange(start, to == null ? null : ReplayRange.parseTime("--to", to));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Duration limit = Durations.parse("--timeout", timeout);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Replaying into " + experiment + (reset ? ", after a reset" : ""));
        out.flush();
        long[] lastPrint = {0};
        ReplayRunner runner = new ReplayRunner(experiment, range, limit, Duration.ofMillis(500), p -> {
            long now = System.nanoTime();
            if (now - lastPrint[0] > Duration.ofSeconds(2).toNanos()) {
                lastPrint[0] = now;
                out.printf("  %d / %d input records%n", p.done(), p.total());
                out.flush();
            }
        });
        ReplaySummary summary;
        try (Dependencies dependencies = Dependencies.open(experiment.config(range))) {
            summary = runner.run(reset, dependencies.deps(), dependencies.registry());
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("Error: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        out.print(summary.format());
        out.println("Compare with production: chorus compare production " + experiment.name());
        out.flush();
        return ExitCodes.OK;
    }
}
