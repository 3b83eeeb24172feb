package io.chorus.cli;

import java.io.PrintWriter;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chorus} command: entry point of the launcher script and of {@code java -jar}. */
@Command(name = "chorus", mixinStandardHelpOptions = true, version = "chorus 0.1.0",
        description = {"Chorus: a Kafka Streams processor for sentiment, communities and generative content on social feeds.",
                "Writes to Kafka topics only; never posts to a social platform."},
        subcommands = {DemoCommand.class, RunCommand.class, BrokerCommand.class, TopicsCommand.class, ProduceCommand.class,
                ScoreCommand.class, TrainCommand.class, EvalCommand.class, CommunitiesCommand.class, CampaignsCommand.class, ReplayCommand.class, ExperimentsCommand.class, CompareCommand.class, StubLlmCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class ChorusCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (used by tests without exiting the JVM). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ChorusCli());
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
