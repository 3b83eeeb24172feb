package io.chorus.cli;

import io.chorus.soak.Soak;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus bench soak}: minutes of real-shaped traffic with crashes, a broker restart and model faults, then reconcile. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Soak Chorus with faults and then reconcile every input, exiting 0 only when no record is missing or duplicated.",
                "Real-shaped traffic goes into a chorus run child JVM (model scoring on the stub) on an embedded broker, with a SIGKILL of the child, a broker restart and bursts of model errors."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus bench soak --minutes 3 --exports ../shared/data/real-exports"})
public final class SoakCommand implements Callable<Integer> {

    @Option(names = "--minutes", paramLabel = "N", defaultValue = "3", description = "Minutes of traffic (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--rate", paramLabel = "POSTS_PER_SECOND", defaultValue = "50", description = "Offered posts per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--exports", paramLabel = "DIR", defaultValue = "../shared/data/real-exports",
            description = "Directory with TwExportly_*.csv tweet exports and TwFollow_*.csv profile exports (default: ${DEFAULT-VALUE}).")
    Path exports;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "Longest wait for the pipeline to catch up after the traffic stops (default: ${DEFAULT-VALUE}).")
    String drainTimeout;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting of the soaked instance; repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (minutes <= 0 || rate <= 0) {
            throw new UserError("--minutes and --rate must be positive");
        }
        if (!Files.isDirectory(exports)) {
            throw new UserError("--exports " + exports + " is not a directory of CSV exports");
        }
        Soak.Result result = Soak.run(new Soak.Settings(java.time.Duration.ofMillis((long) (minutes * 60_000)), rate, exports,
                Durations.parse("--drain-timeout", drainTimeout), overrides), spec.commandLine().getOut());
        return result.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
