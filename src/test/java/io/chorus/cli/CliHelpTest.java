package io.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Proves the help reads whole: every command answers --help with a one-sentence summary (so `chorus --help` never cuts
 * one), at least one example that parses, no internal work items, and `chorus help TOPIC` explains each concept.
 */
class CliHelpTest {

    /** Internal work items a user has no access to: "Issue 3", "issue #8", "KAFKA-style" ticket ids of our own. */
    private static final Pattern WORK_ITEM = Pattern.compile("(?i)\\b(issue|ticket|task)\\s*#?\\d+|\\ba colleague\\b");

    @Test
    void everyCommandHasHelpWithADescription() {
        for (CommandLine command : allCommands()) {
            String name = command.getCommandSpec().qualifiedName();
            StringWriter out = new StringWriter();
            command.setOut(new PrintWriter(out));
            int code = command.execute("--help");
            if (!name.endsWith("help")) {
                assertThat(code).as(name).isZero();
                assertThat(out.toString()).as(name).contains("Usage:").contains("--help");
            }
            assertThat(command.getCommandSpec().usageMessage().description()).as(name + " description").isNotEmpty();
        }
    }

    @Test
    void everySummaryIsOneWholeSentence() {
        for (CommandLine command : allCommands()) {
            String name = command.getCommandSpec().qualifiedName();
            String summary = command.getCommandSpec().usageMessage().description()[0];
            assertThat(summary).as(name + " summary (the line 'chorus --help' lists)").endsWith(".");
            assertThat(summary.substring(0, summary.length() - 1)).as(name + " summary is one sentence").doesNotContain(". ");
            assertThat(count(summary, '(')).as(name + " summary has balanced parentheses").isEqualTo(count(summary, ')'));
        }
    }

    @Test
    void theCommandListShowsEachSummaryWhole() {
        CommandLine root = ChorusCli.commandLine();
        String usage = root.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        root.getSubcommands().forEach((name, sub) ->
                assertThat(usage).as("chorus --help lists " + name + " with its whole summary")
                        .contains(sub.getCommandSpec().usageMessage().description()[0].replaceAll("\\s+", " ")));
    }

    @Test
    void everyCommandShowsAnExampleThatParses() {
        for (CommandLine command : allCommands()) {
            String name = command.getCommandSpec().qualifiedName();
            List<String> examples = examples(command.getCommandSpec().usageMessage().footer());
            assertThat(examples).as(name + " has an example in its help").isNotEmpty();
            for (String example : examples) {
                String[] args = arguments(example);
                assertThatCode(() -> ChorusCli.commandLine().parseArgs(args)).as(name + " example: " + example).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void noHelpPageNamesAnInternalWorkItem() {
        for (CommandLine command : allCommands()) {
            String page = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(WORK_ITEM.matcher(page).find()).as(command.getCommandSpec().qualifiedName() + " help:%n%s", page).isFalse();
        }
        for (String topic : HelpCommand.TOPICS) {
            assertThat(WORK_ITEM.matcher(HelpCommand.topic(topic)).find()).as("help topic " + topic).isFalse();
        }
    }

    @Test
    void helpExplainsEveryTopicAndRefusesAnUnknownOne() {
        for (String topic : HelpCommand.TOPICS) {
            StringWriter out = new StringWriter();
            CommandLine cli = ChorusCli.commandLine();
            cli.setOut(new PrintWriter(out));
            assertThat(cli.execute("help", topic)).as(topic).isZero();
            assertThat(out.toString()).as(topic).contains("chorus ").hasSizeGreaterThan(200);
        }
        CommandLine cli = ChorusCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("help", "no-such-thing")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Topics: ").contains("campaigns");
    }

    @Test
    void helpShowsANestedCommandsUsage() {
        StringWriter out = new StringWriter();
        CommandLine cli = ChorusCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("help", "bench", "async")).isZero();
        assertThat(out.toString()).contains("Usage: chorus bench async");
    }

    @Test
    void verboseIsAcceptedByEveryCommand() {
        assertThatCode(() -> ChorusCli.commandLine().parseArgs("demo", "--verbose", "--duration", "1m")).doesNotThrowAnyException();
        assertThatCode(() -> ChorusCli.commandLine().parseArgs("bench", "async", "--verbose")).doesNotThrowAnyException();
        assertThat(Logging.verbose(new String[] {"run", "--verbose"}, java.util.Map.of())).isTrue();
        assertThat(Logging.verbose(new String[] {"run"}, java.util.Map.of(Logging.VERBOSE_ENV, "1"))).isTrue();
        assertThat(Logging.verbose(new String[] {"run", "--", "--verbose"}, java.util.Map.of(Logging.VERBOSE_ENV, "0"))).isFalse();
    }

    @Test
    void examplesFitEightyColumns() {
        for (CommandLine command : allCommands()) {
            for (String line : command.getCommandSpec().usageMessage().footer()) {
                assertThat(line.length()).as(command.getCommandSpec().qualifiedName() + " example line: " + line).isLessThanOrEqualTo(80);
            }
        }
    }

    /** Example command lines in a footer, continuation lines (ending in a backslash) joined. */
    static List<String> examples(String[] footer) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String raw : footer) {
            String line = raw.strip();
            if (current == null && !line.startsWith("chorus ")) {
                continue;
            }
            current = current == null ? new StringBuilder(line) : current.append(' ').append(line);
            if (current.toString().endsWith("\\")) {
                current.setLength(current.length() - 1);
            } else {
                out.add(current.toString());
                current = null;
            }
        }
        return out;
    }

    /** The words of an example line, without a trailing comment or '&'. */
    static String[] arguments(String example) {
        String line = example.replaceAll("\\s+#.*$", "").replaceAll("\\s*&$", "").strip();
        List<String> words = new ArrayList<>(Arrays.asList(line.split("\\s+")));
        words.remove(0); // "chorus"
        return words.toArray(String[]::new);
    }

    private static List<CommandLine> allCommands() {
        List<CommandLine> all = new ArrayList<>();
        collect(ChorusCli.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    private static long count(String s, char c) {
        return s.chars().filter(ch -> ch == c).count();
    }
}
