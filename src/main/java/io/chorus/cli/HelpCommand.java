package io.chorus.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code chorus help [COMMAND... | TOPIC]}: a command's usage (as {@code --help} shows it), or a page on a concept that
 * spans commands. Topic pages are plain text in {@code src/main/resources/help/TOPIC.txt}.
 */
@Command(name = "help", helpCommand = true,
        description = {"Show the help of a command, or explain a topic: " + HelpCommand.TOPIC_LIST + ".",
                "Without an argument it shows the list of commands."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus help replay        # how replays and experiments work", "  chorus help bench async   # the usage of one subcommand"})
public final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {

    /** The topics, in the order {@code chorus help} lists them. */
    static final List<String> TOPICS = List.of("campaigns", "replay", "scorers", "communities", "state", "logging");

    static final String TOPIC_LIST = "campaigns, replay, scorers, communities, state, logging";

    @Parameters(paramLabel = "COMMAND|TOPIC", arity = "0..*", description = "A command (and subcommand), or a topic.")
    String[] target = new String[0];

    private CommandLine self;
    private PrintWriter out;
    private PrintWriter err;
    private CommandLine.Help.ColorScheme colors;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        CommandLine root = self.getParent();
        if (target.length == 0) {
            root.usage(out, colors);
            return ExitCodes.OK;
        }
        CommandLine command = root;
        for (String name : target) {
            CommandLine sub = command.getSubcommands().get(name);
            if (sub == null) {
                command = null;
                break;
            }
            command = sub;
        }
        if (command != null) {
            command.usage(out, colors);
            return ExitCodes.OK;
        }
        if (target.length == 1 && TOPICS.contains(target[0])) {
            out.print(topic(target[0]));
            out.flush();
            return ExitCodes.OK;
        }
        err.println("No command or topic '" + String.join(" ", target) + "'. Commands: "
                + String.join(", ", root.getSubcommands().keySet()) + ". Topics: " + TOPIC_LIST + ".");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The text of a topic page. */
    static String topic(String name) {
        try (InputStream in = HelpCommand.class.getResourceAsStream("/help/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("help topic /help/" + name + ".txt is missing from the classpath");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return r.lines().collect(Collectors.joining(System.lineSeparator(), "", System.lineSeparator()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
