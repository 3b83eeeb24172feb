package io.chorus.cli;

import java.io.PrintWriter;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chorus} command: entry point of the launcher script and of {@code java -jar}. */
@Command(name = "chorus", mixinStandardHelpOptions = true, version = "chorus 0.1.0",
        description = {"Chorus scores the sentiment of social posts, groups their authors into communities and writes campaign content, on Kafka Streams.",
                "It writes to Kafka topics only and never posts to a social platform. Start with 'chorus demo'; 'chorus help TOPIC' explains campaigns, replay and scorers."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus demo                 # the sample feed end to end, then a summary",
                "  chorus demo --duration 10m  # the same; the dashboard stays up ten minutes",
                "  chorus run -b HOST:PORT     # against your own Kafka cluster, until Ctrl-C",
                "  chorus help campaigns       # what a campaign is and how to load one",
                "Add --verbose (or CHORUS_VERBOSE=1) to any command for Kafka's own logs."},
        subcommands = {DemoCommand.class, RunCommand.class, BrokerCommand.class, TopicsCommand.class, ProduceCommand.class,
                ScoreCommand.class, TrainCommand.class, EvalCommand.class, CommunitiesCommand.class, CampaignsCommand.class, ReplayCommand.class, ExperimentsCommand.class, CompareCommand.class, StubLlmCommand.class, BenchCommand.class, ReconcileCommand.class, ImportCommand.class, MediaCommand.class,
                HelpCommand.class})
public final class ChorusCli implements Runnable {

    /** Read by {@link Logging} from the raw arguments before any logger exists; declared here so every command accepts it. */
    @CommandLine.Option(names = Logging.VERBOSE_OPTION, scope = CommandLine.ScopeType.INHERIT,
            description = "Log everything at INFO, Kafka's client and broker internals included (same as CHORUS_VERBOSE=1).")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        Logging.configure(args, System.getenv());
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (used by tests without exiting the JVM). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ChorusCli());
        // Descriptions are whole sentences; let picocli wrap them at the terminal's width (80 columns when unknown).
        cli.setUsageHelpAutoWidth(true);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof ConfigException) {
                err.println("Configuration error: " + ex.getMessage());
                return ExitCodes.CONFIG;
            }
            if (ex instanceof UserError) {
                err.println("Error: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            err.println("Error: " + ex);
            if (System.getenv("CHORUS_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("(set CHORUS_DEBUG=1 for the stack trace)");
            }
            return ExitCodes.FAILURE;
        });
        return cli;
    }
}
