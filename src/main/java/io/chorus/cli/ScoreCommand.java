package io.chorus.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.app.Dependencies;
import io.chorus.async.CallFailedException;
import io.chorus.async.ModelGateway;
import io.chorus.config.ChorusConfig;
import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import io.chorus.sentiment.LlmSentimentTask;
import io.chorus.sentiment.Sentiment;
import io.chorus.sentiment.SentimentScorer;
import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import io.chorus.serde.Json;
import io.chorus.serde.JsonSerde;
import io.chorus.topics.Topics;
import io.chorus.prompt.PromptTemplate;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Batch sentiment scoring of a JSON-lines file with the same scorer and validation as the stream; no Kafka. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score the sentiment of posts in a JSON-lines file, without Kafka, with the stream's own scorer and validation.",
                "It writes one line per input line: {\"line\",\"postId\",\"score\",\"label\",\"scorer\"}, or {\"line\",\"error\":{\"reason\",\"message\"}} for a line that is not a valid post (also reported on stderr). With --scorer llm, calls run concurrently (async.capacity at a time) with the stream's retries and limits."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus score --in posts.jsonl --out scored.jsonl",
                "  chorus score --in posts.jsonl --out scored.jsonl --scorer llm"})
public final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input posts, one JSON object per line ('-' for stdin).")
    String in;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file ('-' or absent for stdout).")
    String out;

    @Option(names = "--scorer", paramLabel = "local|llm", description = "Override sentiment.scorer for this run.")
    String scorerOverride;

    @Option(names = "--strict", description = "Exit with code 1 when any line is invalid or could not be scored.")
    boolean strict;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    /** One input line on its way to an output line. */
    private record Pending(int line, CompletableFuture<ObjectNode> result) {
    }

    @Override
    public Integer call() throws IOException {
        if (scorerOverride != null) {
            configOptions.overrides.put(ChorusConfig.SENTIMENT_SCORER, scorerOverride);
        }
        configOptions.overrides.putIfAbsent(ChorusConfig.COMMUNITIES_ENABLED, "false");
        ChorusConfig config = configOptions.load();
        JsonSerde<Post> serde = (JsonSerde<Post>) Topics.from(config).posts.valueSerde();
        PrintWriter err = spec.commandLine().getErr();
        Map<ErrorReason, Integer> invalid = new EnumMap<>(ErrorReason.class);
        int valid = 0;
        int capacity = config.getInt(ChorusConfig.ASYNC_CAPACITY);
        try (Dependencies dependencies = "llm".equals(config.getString(ChorusConfig.SENTIMENT_SCORER)) ? Dependencies.open(config) : null;
             BufferedReader reader = CliFiles.open(in); BufferedWriter writer = CliFiles.create(out)) {
            ModelGateway gateway = dependencies == null ? null : dependencies.deps().gateway();
            SentimentScorer local = Dependencies.localScoring().scorer();
            LlmSentimentTask task = new LlmSentimentTask(Clock.systemUTC(),
                    PromptTemplate.latest(config.getString(ChorusConfig.GENERATION_PROMPTS_DIR), LlmSentimentTask.TEMPLATE));
            Deque<Pending> window = new ArrayDeque<>();
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                ObjectNode base = Json.mapper().createObjectNode().put("line", lineNo);
                CompletableFuture<ObjectNode> result;
                try {
                    Post post = line.isBlank() ? null : serde.fromBytes(line.getBytes(StandardCharsets.UTF_8));
                    if (post == null) {
                        throw new InvalidRecordException(ErrorReason.MALFORMED_JSON, "empty line");
                    }
                    result = gateway == null ? CompletableFuture.completedFuture(scored(base, post.id(), local.score(post.text()), local.name()))
                            : gateway.submit(task.use(), task.prepare(post), a -> task.complete(post, a))
                                    .thenApply(c -> scoredModel(base, c.output(), c.answer().cached()));
                } catch (InvalidRecordException e) {
                    result = CompletableFuture.completedFuture(error(base, e.reason(), e.getMessage()));
                }
                window.add(new Pending(lineNo, result));
                while (window.size() >= capacity) {
                    valid += writeOldest(window, writer, err, invalid);
                }
            }
            while (!window.isEmpty()) {
                valid += writeOldest(window, writer, err, invalid);
            }
        }
        int bad = invalid.values().stream().mapToInt(Integer::intValue).sum();
        err.printf("Scored %d posts; %d line(s) not scored%s%n", valid, bad, bad == 0 ? "" : " " + invalid);
        err.flush();
        return strict && bad > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /** Writes the oldest line's result (waiting for it), so output order is input order. Returns 1 if it scored. */
    private int writeOldest(Deque<Pending> window, BufferedWriter writer, PrintWriter err, Map<ErrorReason, Integer> invalid)
            throws IOException {
        Pending p = window.removeFirst();
        ObjectNode node;
        try {
            node = p.result().join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            ErrorReason reason = cause instanceof CallFailedException f ? f.reason() : ErrorReason.PROCESSING_ERROR;
            node = error(Json.mapper().createObjectNode().put("line", p.line()), reason, cause.getMessage());
        }
        writer.write(Json.mapper().writeValueAsString(node));
        writer.newLine();
        if (node.has("error")) {
            ErrorReason reason = ErrorReason.valueOf(node.get("error").get("reason").asText());
            invalid.merge(reason, 1, Integer::sum);
            err.printf("%s line %d: %s: %s%n", in, p.line(), reason, node.get("error").get("message").asText());
            return 0;
        }
        return 1;
    }

    private static ObjectNode scored(ObjectNode base, String postId, Sentiment s, String scorer) {
        return base.put("postId", postId).put("score", Math.round(s.score() * 100) / 100.0).put("label", s.label().name()).put("scorer", scorer);
    }

    private static ObjectNode scoredModel(ObjectNode base, ScoredPost p, boolean cached) {
        return scored(base, p.postId(), new Sentiment(p.score(), p.label()), p.scorer()).put("cached", cached);
    }

    private static ObjectNode error(ObjectNode base, ErrorReason reason, String message) {
        base.putObject("error").put("reason", reason.name()).put("message", message == null ? reason.name() : message);
        return base;
    }
}
