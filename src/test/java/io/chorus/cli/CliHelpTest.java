package io.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Proves every command answers --help with a description and its options. */
class CliHelpTest {

    @Test
    void everyCommandHasHelpWithADescription() {
        CommandLine root = ChorusCli.commandLine();
        assertHelp(root);
    }

    private static void assertHelp(CommandLine command) {
        StringWriter out = new StringWriter();
        command.setOut(new PrintWriter(out));
        int code = command.execute("--help");
        String name = command.getCommandSpec().qualifiedName();
        if (!name.endsWith("help")) {
            assertThat(code).as(name).isZero();
            assertThat(out.toString()).as(name).contains("Usage:").contains("--help");
            assertThat(command.getCommandSpec().usageMessage().description()).as(name + " description").isNotEmpty();
        }
        command.getSubcommands().values().forEach(CliHelpTest::assertHelp);
    }
}
