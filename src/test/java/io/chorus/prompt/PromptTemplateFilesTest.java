package io.chorus.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves how template files are picked and read: a type's name must match whole (so {@code reply} never takes
 * {@code reply-long-v9.txt}), other files in the directory are ignored, and Windows line ends read as Unix ones.
 */
class PromptTemplateFilesTest {

    private static final String TEXT = "## system\nYou reply.\n## user\nReply to this.\n{{data}}\n";

    @TempDir
    Path dir;

    @Test
    void aTypeDoesNotTakeTheTemplateOfATypeThatStartsWithItsName() throws IOException {
        Files.writeString(dir.resolve("reply-v1.txt"), TEXT);
        Files.writeString(dir.resolve("reply-long-v9.txt"), TEXT.replace("You reply.", "You reply at length."));
        assertThat(PromptTemplate.latest(dir.toString(), "reply").version()).isEqualTo("reply-v1");
    }

    @Test
    void ignoresFilesThatAreNotTemplatesOfTheType() throws IOException {
        Files.writeString(dir.resolve("reply-v1.txt"), TEXT);
        Files.writeString(dir.resolve("reply-v7.txt.bak"), "not a template");
        Files.writeString(dir.resolve("reply-vX.txt"), "not a template");
        assertThat(PromptTemplate.latest(dir.toString(), "reply").version()).isEqualTo("reply-v1");
    }

    @Test
    void readsATemplateWrittenWithWindowsLineEnds() throws IOException {
        Files.writeString(dir.resolve("reply-v3.txt"), TEXT.replace("\n", "\r\n"));
        PromptTemplate t = PromptTemplate.latest(dir.toString(), "reply");
        assertThat(t.user()).isEqualTo("Reply to this.\n{{data}}");
        assertThat(t.render(Map.of(), Map.of("post", "hi")).user()).isEqualTo("Reply to this.\n{\"post\":\"hi\"}");
    }

    @Test
    void aBlankDirectorySettingTakesTheJarCopies() {
        assertThat(PromptTemplate.latest(" ", "reply")).isEqualTo(PromptTemplate.bundled("reply"));
    }
}
