package io.chorus.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.app.Dependencies;
import io.chorus.config.ChorusConfig;
import io.chorus.model.Post;
import io.chorus.sentiment.Sentiment;
import io.chorus.sentiment.SentimentScorer;
import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import io.chorus.serde.Json;
import io.chorus.topics.Topics;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Batch sentiment scoring of a JSON-lines file with the same scorer and validation as the stream; no Kafka. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score the sentiment of posts in a JSON-lines file, without Kafka, using the same scorer and",
                "validation as the stream. Writes one line per input line: {\"line\",\"postId\",\"score\",\"label\",\"scorer\"},",
                "or {\"line\",\"error\":{\"reason\",\"message\"}} for a line that is not a valid post (also reported on stderr)."})
public final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input posts, one JSON object per line ('-' for stdin).")
    String in;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file ('-' or absent for stdout).")
    String out;

    @Option(names = "--strict", description = "Exit with code 1 when any line is invalid.")
    boolean strict;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ChorusConfig config = configOptions.load();
        SentimentScorer scorer = Dependencies.fromConfig(config).scorer();
        var serde = Topics.from(config).posts.valueSerde();
        PrintWriter err = spec.commandLine().getErr();
        int valid = 0;
        Map<ErrorReason, Integer> invalid = new EnumMap<>(ErrorReason.class);
        try (BufferedReader reader = open(in); BufferedWriter writer = create(out)) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                ObjectNode result = Json.mapper().createObjectNode().put("line", lineNo);
                try {
                    Post post = line.isBlank() ? null : serde.deserializer().deserialize(null, line.getBytes(StandardCharsets.UTF_8));
                    if (post == null) {
                        throw new InvalidRecordException(ErrorReason.MALFORMED_JSON, "empty line");
                    }
                    Sentiment s = scorer.score(post.text());
                    result.put("postId", post.id()).put("score", Math.round(s.score() * 100) / 100.0)
                            .put("label", s.label().name()).put("scorer", scorer.name());
                    valid++;
                } catch (InvalidRecordException e) {
                    result.putObject("error").put("reason", e.reason().name()).put("message", e.getMessage());
                    invalid.merge(e.reason(), 1, Integer::sum);
                    err.printf("%s line %d: %s: %s%n", in, lineNo, e.reason(), e.getMessage());
                }
                writer.write(Json.mapper().writeValueAsString(result));
                writer.newLine();
            }
        }
        int bad = invalid.values().stream().mapToInt(Integer::intValue).sum();
        err.printf("Scored %d posts with %s; %d invalid line(s)%s%n", valid, scorer.name(), bad, bad == 0 ? "" : " " + invalid);
        err.flush();
        return strict && bad > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private static BufferedReader open(String path) throws IOException {
        if ("-".equals(path)) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            throw new UserError("input file " + path + " does not exist");
        }
        return Files.newBufferedReader(p, StandardCharsets.UTF_8);
    }

    private static BufferedWriter create(String path) throws IOException {
        if (path == null || "-".equals(path)) {
            return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
                @Override
                public void close() throws IOException {
                    flush(); // never close stdout
                }
            };
        }
        return Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8);
    }
}
