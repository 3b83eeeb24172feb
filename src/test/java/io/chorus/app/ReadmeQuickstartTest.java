package io.chorus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.chorus.cli.ChorusCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Proves README.md's quickstart is true: every `./chorus` command in it parses, the quick ones run, and
 * `./chorus demo` prints the documented transcript (`…` in it stands for what differs between runs), with its
 * progress never repeating a line.
 */
class ReadmeQuickstartTest {

    private static final Path README = Path.of("README.md");

    @Test
    void everyQuickstartCommandParsesAndTheQuickOnesRun() throws Exception {
        List<String[]> commands = quickstartCommands();
        assertThat(commands).as("chorus commands in the quickstart").hasSizeGreaterThanOrEqualTo(3);
        for (String[] args : commands) {
            assertThatCode(() -> ChorusCli.commandLine().parseArgs(args)).as(String.join(" ", args)).doesNotThrowAnyException();
            if (args[0].equals("help")) {
                StringWriter out = new StringWriter();
                CommandLine cli = ChorusCli.commandLine();
                cli.setOut(new PrintWriter(out));
                assertThat(cli.execute(args)).as(String.join(" ", args)).isZero();
                assertThat(out.toString()).as(String.join(" ", args)).isNotBlank();
            }
        }
    }

    @Test
    void theDemoPrintsTheDocumentedTranscript() throws Exception {
        List<String[]> demo = quickstartCommands().stream().filter(a -> a.length == 1 && a[0].equals("demo")).toList();
        assertThat(demo).as("the quickstart runs ./chorus demo").hasSize(1);
        StringWriter out = new StringWriter();
        CommandLine cli = ChorusCli.commandLine();
        cli.setOut(new PrintWriter(out));

        int code = cli.execute(demo.get(0));

        assertThat(code).isZero();
        List<String> printed = out.toString().lines().toList();
        int at = 0;
        for (String expected : transcript()) {
            Pattern line = pattern(expected);
            int found = -1;
            for (int i = at; i < printed.size(); i++) {
                if (line.matcher(printed.get(i)).matches()) {
                    found = i;
                    break;
                }
            }
            assertThat(found).as("README transcript line, in order:%n  %s%nnot in the demo's output:%n%s", expected, out).isNotNegative();
            at = found + 1;
        }
        assertThat(printed.stream().filter(l -> !l.isBlank()).distinct().count())
                .as("no line printed twice").isEqualTo(printed.stream().filter(l -> !l.isBlank()).count());
    }

    /** The arguments of every {@code ./chorus ...} line in the Quickstart's bash block. */
    static List<String[]> quickstartCommands() throws Exception {
        List<String[]> out = new ArrayList<>();
        for (String line : block("## Quickstart", "```bash")) {
            String command = line.replaceAll("\\s+#.*$", "").strip();
            if (command.startsWith("./chorus ")) {
                out.add(Arrays.copyOfRange(command.split("\\s+"), 1, command.split("\\s+").length));
            }
        }
        return out;
    }

    /** The non-blank lines of the demo transcript. */
    static List<String> transcript() throws Exception {
        return block("### What the demo prints", "```text").stream().filter(l -> !l.isBlank()).toList();
    }

    private static List<String> block(String heading, String fence) throws Exception {
        List<String> lines = Files.readAllLines(README);
        int h = lines.indexOf(heading);
        assertThat(h).as("README has the heading " + heading).isNotNegative();
        int start = h + 1;
        while (!lines.get(start).strip().equals(fence)) {
            start++;
        }
        List<String> body = new ArrayList<>();
        for (int i = start + 1; !lines.get(i).strip().equals("```"); i++) {
            body.add(lines.get(i));
        }
        return body;
    }

    /** A transcript line as a pattern: literal text, with "…" matching anything. */
    static Pattern pattern(String expected) {
        return Pattern.compile(String.join(".*", Arrays.stream(expected.split("…", -1)).map(Pattern::quote).toList()));
    }
}
