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
import io.chorus.sentiment.SentimentScorers;
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
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Batch sentiment scoring of a JSON-lines file with the same scorer and validation as the stream; no Kafka. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score the sentiment of posts in a JSON-lines file, without Kafka, with the stream's own scorer and validation.",
                "It writes one line per input line: {\"line\",\"postId\",\"score\",\"label\",\"confidence\",\"scorer\"} (confidence absent for vader and llm), {\"line\",\"postId\",\"label\":\"UNSCORED\",\"unscoredReason\",\"scorer\"} for a post the scorer declines (a language it does not support, nothing but links), or {\"line\",\"error\":{\"reason\",\"message\"}} for a line that is not a valid post (also reported on stderr). Local scorers run on --threads threads in batches; with --scorer llm, calls run concurrently (async.capacity at a time) with the stream's retries and limits. It prints the throughput on stderr."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus score --in posts.jsonl --out scored.jsonl",
                "  chorus score --in posts.jsonl --out scored.jsonl --scorer embedding"})
public final class ScoreCommand implements Callable<Integer> {

    private static final int CHUNK = 4096;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input posts, one JSON object per line ('-' for stdin).")
    String in;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file ('-' or absent for stdout).")
    String out;

    @Option(names = "--scorer", paramLabel = "ngram|embedding|vader|llm", description = "Override sentiment.scorer for this run.")
    String scorerOverride;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for local scorers (default: the number of cores).")
    Integer threads;

    @Option(names = "--strict", description = "Exit with code 1 when any line is invalid or could not be scored.")
    boolean strict;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    /** One input line on its way to an output line. */
    private record Pending(int line, CompletableFuture<ObjectNode> result) {
    }

    /** One parsed input line of the local path: a post, or the error that stopped it. */
    private record Parsed(int line, Post post, InvalidRecordException error) {
    }

    @Override
    public Integer call() throws Exception {
        if (scorerOverride != null) {
            if (!SentimentScorers.NAMES.contains(scorerOverride)) {
                throw new UserError("--scorer " + scorerOverride + " is not one of " + SentimentScorers.NAMES);
            }
            configOptions.overrides.put(ChorusConfig.SENTIMENT_SCORER, scorerOverride);
        }
        configOptions.overrides.putIfAbsent(ChorusConfig.COMMUNITIES_ENABLED, "false");
        ChorusConfig config = configOptions.load();
        JsonSerde<Post> serde = (JsonSerde<Post>) Topics.from(config).posts.valueSerde();
        PrintWriter err = spec.commandLine().getErr();
        Map<ErrorReason, Integer> invalid = new EnumMap<>(ErrorReason.class);
        long start;
        long cpuStart;
        int[] valid = new int[1];
        if (SentimentScorers.LLM.equals(config.getString(ChorusConfig.SENTIMENT_SCORER))) {
            start = System.nanoTime();
            cpuStart = processCpuNanos();
            valid[0] = scoreWithModel(config, serde, err, invalid);
        } else {
            SentimentScorer scorer = Dependencies.scorer(config);
            start = System.nanoTime(); // after loading the model: the figure is the scoring rate
            cpuStart = processCpuNanos();
            valid[0] = scoreLocally(scorer, serde, err, invalid);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        int bad = invalid.values().stream().mapToInt(Integer::intValue).sum();
        err.printf(Locale.ROOT, "Scored %d posts; %d line(s) not scored%s; %.2f s, %.0f lines/s; process CPU %.2f s (%.0f lines per CPU-second)%n",
                valid[0], bad, bad == 0 ? "" : " " + invalid, seconds, (valid[0] + bad) / Math.max(seconds, 1e-9), cpu,
                (valid[0] + bad) / Math.max(cpu, 1e-9));
        err.flush();
        return strict && bad > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /** CPU time of the whole process (all threads, JIT and GC included), or wall time where the JVM cannot tell. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            return os.getProcessCpuTime();
        }
        return System.nanoTime();
    }

    /** In-process scorers: chunks of lines parsed and scored on a small pool, written in input order. */
    private int scoreLocally(SentimentScorer scorer, JsonSerde<Post> serde, PrintWriter err, Map<ErrorReason, Integer> invalid)
            throws Exception {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new UserError("--threads must be at least 1");
        }
        int valid = 0;
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "chorus-score");
            t.setDaemon(true);
            return t;
        });
        try (BufferedReader reader = CliFiles.open(in); BufferedWriter writer = CliFiles.create(out)) {
            int lineNo = 0;
            List<String> lines = new ArrayList<>(CHUNK);
            String line;
            boolean more = true;
            while (more) {
                lines.clear();
                while (lines.size() < CHUNK && (line = reader.readLine()) != null) {
                    lines.add(line);
                }
                more = lines.size() == CHUNK;
                if (lines.isEmpty()) {
                    break;
                }
                int first = lineNo + 1;
                lineNo += lines.size();
                int slice = (lines.size() + n - 1) / n;
                List<Future<List<String>>> parts = new ArrayList<>();
                for (int from = 0; from < lines.size(); from += slice) {
                    List<String> part = List.copyOf(lines.subList(from, Math.min(lines.size(), from + slice)));
                    int partFirst = first + from;
                    parts.add(pool.submit(() -> scorePart(scorer, serde, part, partFirst)));
                }
                for (Future<List<String>> part : parts) {
                    for (String json : part.get()) {
                        writer.write(json);
                        writer.newLine();
                        valid += countOrReport(json, err, invalid);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return valid;
    }

    private static List<String> scorePart(SentimentScorer scorer, JsonSerde<Post> serde, List<String> lines, int firstLine) throws IOException {
        List<Parsed> parsed = new ArrayList<>(lines.size());
        List<String> texts = new ArrayList<>();
        List<String> langs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            try {
                Post post = line.isBlank() ? null : serde.fromBytes(line.getBytes(StandardCharsets.UTF_8));
                if (post == null) {
                    throw new InvalidRecordException(ErrorReason.MALFORMED_JSON, "empty line");
                }
                parsed.add(new Parsed(firstLine + i, post, null));
                texts.add(post.text());
                langs.add(post.lang());
            } catch (InvalidRecordException e) {
                parsed.add(new Parsed(firstLine + i, null, e));
            }
        }
        List<Sentiment> judged = scorer.scoreAll(texts, langs);
        List<String> out = new ArrayList<>(lines.size());
        int k = 0;
        for (Parsed p : parsed) {
            ObjectNode base = Json.mapper().createObjectNode().put("line", p.line());
            ObjectNode node = p.post() == null ? error(base, p.error().reason(), p.error().getMessage())
                    : scored(base, p.post().id(), judged.get(k++), scorer.name());
            out.add(Json.mapper().writeValueAsString(node));
        }
        return out;
    }

    private int scoreWithModel(ChorusConfig config, JsonSerde<Post> serde, PrintWriter err, Map<ErrorReason, Integer> invalid)
            throws IOException {
        int valid = 0;
        int capacity = config.getInt(ChorusConfig.ASYNC_CAPACITY);
        try (Dependencies dependencies = Dependencies.open(config);
             BufferedReader reader = CliFiles.open(in); BufferedWriter writer = CliFiles.create(out)) {
            ModelGateway gateway = dependencies.deps().gateway();
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
                    result = gateway.submit(task.use(), task.prepare(post), a -> task.complete(post, a))
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
        return valid;
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
        String json = Json.mapper().writeValueAsString(node);
        writer.write(json);
        writer.newLine();
        return countOrReport(json, err, invalid);
    }

    /** 1 for a scored line; for an error line, counts and reports it and returns 0. */
    private int countOrReport(String json, PrintWriter err, Map<ErrorReason, Integer> invalid) throws IOException {
        if (!json.contains("\"error\":{")) {
            return 1;
        }
        ObjectNode node = (ObjectNode) Json.mapper().readTree(json);
        if (!node.has("error")) {
            return 1;
        }
        ErrorReason reason = ErrorReason.valueOf(node.get("error").get("reason").asText());
        invalid.merge(reason, 1, Integer::sum);
        err.printf("%s line %d: %s: %s%n", in, node.get("line").asInt(), reason, node.get("error").get("message").asText());
        return 0;
    }

    private static ObjectNode scored(ObjectNode base, String postId, Sentiment s, String scorer) {
        base.put("postId", postId);
        if (s.scored()) {
            base.put("score", Math.round(s.score() * 100) / 100.0);
        }
        base.put("label", s.label().name());
        if (s.confidence() != null && s.scored()) {
            base.put("confidence", Math.round(s.confidence() * 1000) / 1000.0);
        }
        if (s.reason() != null) {
            base.put("unscoredReason", s.reason());
        }
        return base.put("scorer", scorer);
    }

    private static ObjectNode scoredModel(ObjectNode base, ScoredPost p, boolean cached) {
        return scored(base, p.postId(), new Sentiment(p.score(), p.label()), p.scorer()).put("cached", cached);
    }

    private static ObjectNode error(ObjectNode base, ErrorReason reason, String message) {
        base.putObject("error").put("reason", reason.name()).put("message", message == null ? reason.name() : message);
        return base;
    }
}
