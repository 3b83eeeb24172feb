package io.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.serde.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Proves `chorus score` writes one line per input line, scores valid posts, and reports invalid lines by number. */
class ScoreCommandTest {

    @TempDir
    Path dir;

    @Test
    void scoresGoodLinesAndReportsBadOnesByLineNumber() throws Exception {
        Path in = dir.resolve("posts.jsonl");
        Path out = dir.resolve("scored.jsonl");
        Files.write(in, List.of(
                "{\"schemaVersion\":1,\"id\":\"p-1\",\"authorId\":\"u\",\"text\":\"I love this, it is wonderful!\"}",
                "{\"schemaVersion\":1,\"id\":\"p-2\",\"authorId\":\"u\"}",
                "not json",
                "{\"schemaVersion\":1,\"id\":\"p-3\",\"authorId\":\"u\",\"text\":\"This is terrible and I hate it.\"}",
                "{\"schemaVersion\":1,\"id\":\"p-4\",\"authorId\":\"u\",\"text\":\"The meeting is at noon.\"}"), StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        CommandLine cli = ChorusCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("score", "--in", in.toString(), "--out", out.toString(), "--scorer", "vader");

        assertThat(code).isZero();
        List<JsonNode> lines = Files.readAllLines(out).stream().map(ScoreCommandTest::parse).toList();
        assertThat(lines).hasSize(5);
        assertThat(lines).extracting(l -> l.get("line").asInt()).containsExactly(1, 2, 3, 4, 5);
        assertThat(lines.get(0).get("postId").asText()).isEqualTo("p-1");
        assertThat(lines.get(0).get("label").asText()).isEqualTo("POSITIVE");
        assertThat(lines.get(0).get("score").asDouble()).isBetween(52.5, 100.0);
        assertThat(lines.get(3).get("label").asText()).isEqualTo("NEGATIVE");
        assertThat(lines.get(4).get("label").asText()).isEqualTo("NEUTRAL");
        assertThat(lines.get(4).get("score").asDouble()).isEqualTo(50.0);
        assertThat(lines.get(1).get("error").get("reason").asText()).isEqualTo("MISSING_FIELD");
        assertThat(lines.get(2).get("error").get("reason").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(err.toString()).contains("line 2: MISSING_FIELD").contains("line 3: MALFORMED_JSON").contains("2 line(s) not scored");
    }

    @Test
    void theDefaultScorerWritesAConfidenceAndDeclinesOtherLanguagesWithAReason() throws Exception {
        Path in = dir.resolve("posts.jsonl");
        Path out = dir.resolve("scored.jsonl");
        Files.write(in, List.of(
                "{\"schemaVersion\":1,\"id\":\"p-1\",\"authorId\":\"u\",\"text\":\"I love this, it is wonderful!\",\"lang\":\"en\"}",
                "{\"schemaVersion\":1,\"id\":\"p-2\",\"authorId\":\"u\",\"text\":\"Me encanta, es maravilloso\",\"lang\":\"es\"}"),
                StandardCharsets.UTF_8);
        CommandLine cli = ChorusCli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));

        assertThat(cli.execute("score", "--in", in.toString(), "--out", out.toString())).isZero();

        List<JsonNode> lines = Files.readAllLines(out).stream().map(ScoreCommandTest::parse).toList();
        assertThat(lines.get(0).get("label").asText()).isEqualTo("POSITIVE");
        assertThat(lines.get(0).get("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(lines.get(0).get("scorer").asText()).startsWith("ngram-semeval-");
        assertThat(lines.get(1).get("label").asText()).isEqualTo("UNSCORED");
        assertThat(lines.get(1).has("score")).isFalse();
        assertThat(lines.get(1).get("unscoredReason").asText()).contains("'es'");
    }

    @Test
    void strictModeFailsWhenAnyLineIsInvalid() throws Exception {
        Path in = dir.resolve("posts.jsonl");
        Files.writeString(in, "nope\n");
        CommandLine cli = ChorusCli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("score", "--in", in.toString(), "--out", dir.resolve("o").toString(), "--strict")).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void aMissingInputFileIsAUsageErrorNamingIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = ChorusCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("score", "--in", dir.resolve("absent.jsonl").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("absent.jsonl");
    }

    @Test
    void aBadSettingFailsFastNamingTheKey() throws Exception {
        Path in = dir.resolve("posts.jsonl");
        Files.writeString(in, "\n");
        StringWriter err = new StringWriter();
        CommandLine cli = ChorusCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("score", "--in", in.toString(), "--set", "input.max.text.chars=-4")).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("input.max.text.chars");
    }

    private static JsonNode parse(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
