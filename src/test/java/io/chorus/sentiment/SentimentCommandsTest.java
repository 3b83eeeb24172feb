package io.chorus.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.cli.ChorusCli;
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

/** Proves 'chorus train sentiment' and 'chorus eval sentiment' on files: the model written loads, the figures are right. */
class SentimentCommandsTest {

    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = ChorusCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void trainWritesAModelAndAReportThatEvalCanUse() throws Exception {
        Path data = Path.of(getClass().getResource("/sentiment/fixture.jsonl").toURI());
        Path models = dir.resolve("models");
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, "train", "sentiment", "--data", data.toString(), "--out", models.toString(),
                "--no-embedding", "--bits", "12", "--folds", "3", "--exclude-source", "fixture-test");
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("macro-recall").contains("Training on 48 posts").contains("12 excluded");
        JsonNode report = Json.mapper().readTree(models.resolve("training-report.json").toFile());
        assertThat(report.at("/ngram/crossValidation/recall/negative").isNumber()).isTrue();
        // how long training took is reported (a wall-clock figure: present and sane, never compared to a bound)
        assertThat(report.get("totalSeconds").isNumber()).isTrue();
        assertThat(report.get("totalSeconds").asDouble()).isNotNegative();

        StringWriter out = new StringWriter();
        Path figures = dir.resolve("eval.json");
        code = run(out, new StringWriter(), "eval", "sentiment", "--in", data.toString(), "--source", "fixture-test",
                "--model-dir", models.toString(), "--json", figures.toString());
        assertThat(code).isZero();
        JsonNode eval = Json.mapper().readTree(figures.toFile());
        assertThat(eval.get("posts").asInt()).isEqualTo(12);
        assertThat(eval.get("scorer").asText()).startsWith("ngram-semeval-");
        assertThat(out.toString()).contains("gold\\predicted");
    }

    @Test
    void evalReportsRecallAndReferenceAgreementForVader() throws Exception {
        Path in = dir.resolve("labelled.jsonl");
        Files.write(in, List.of(
                "{\"text\":\"I love this, it is wonderful!\",\"label\":\"positive\",\"reference\":90}",
                "{\"text\":\"Good times with great friends\",\"label\":\"positive\",\"reference\":80}",
                "{\"text\":\"This is terrible and I hate it.\",\"label\":\"negative\",\"reference\":10}",
                "{\"text\":\"The meeting is at noon.\",\"label\":\"neutral\",\"reference\":50}",
                "{\"text\":\"The meeting is at noon today.\",\"label\":\"negative\"}"), StandardCharsets.UTF_8);
        Path figures = dir.resolve("vader.json");
        int code = run(new StringWriter(), new StringWriter(), "eval", "sentiment", "--in", in.toString(), "--scorer", "vader",
                "--json", figures.toString());
        assertThat(code).isZero();
        JsonNode eval = Json.mapper().readTree(figures.toFile());
        assertThat(eval.get("posts").asInt()).isEqualTo(5);
        assertThat(eval.at("/recall/positive").asDouble()).isEqualTo(1.0);
        assertThat(eval.at("/recall/neutral").asDouble()).isEqualTo(1.0);
        assertThat(eval.at("/recall/negative").asDouble()).isEqualTo(0.5);
        assertThat(eval.at("/confusion/negative/neutral").asInt()).isEqualTo(1);
        assertThat(eval.get("referenced").asInt()).isEqualTo(4);
        assertThat(eval.get("spearman").asDouble()).isGreaterThan(0.7);
    }

    @Test
    void evalRefusesAFileWithAnUnknownLabelNamingTheLine() throws Exception {
        Path in = dir.resolve("bad.jsonl");
        Files.write(in, List.of("{\"text\":\"ok\",\"label\":\"positive\"}", "{\"text\":\"hm\",\"label\":\"mixed\"}"));
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, "eval", "sentiment", "--in", in.toString(), "--scorer", "vader");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("line 2").contains("mixed");
    }
}
