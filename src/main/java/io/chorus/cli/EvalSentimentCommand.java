package io.chorus.cli;

import io.chorus.sentiment.EmbeddingCache;
import io.chorus.sentiment.LabelledPost;
import io.chorus.sentiment.Sentiment;
import io.chorus.sentiment.SentimentMetrics;
import io.chorus.sentiment.SentimentScorer;
import io.chorus.sentiment.SentimentScorers;
import io.chorus.serde.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Scores a labelled file with a local scorer (the stream's code, language gate included) and reports agreement. */
@Command(name = "sentiment", mixinStandardHelpOptions = true,
        description = {"Measure a local sentiment scorer on labelled posts with exactly the code the stream uses.",
                "It prints macro-averaged recall, recall per class, accuracy and the confusion matrix (with an 'unscored' column for posts the scorer declined, e.g. other languages), and, for posts with a 0-100 \"reference\" score, Spearman's rank correlation and the mean absolute error. Input: one JSON object per line with \"text\" and \"label\" (positive|neutral|negative); optional \"lang\", \"source\", \"reference\"."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus eval sentiment --in semeval.jsonl --scorer ngram",
                "  chorus eval sentiment --in labelled.jsonl --source test --scorer embedding"})
public final class EvalSentimentCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Labelled posts (JSON lines).")
    Path in;

    @Option(names = "--scorer", defaultValue = "ngram", paramLabel = "ngram|embedding|vader",
            description = "The offline scorer to measure (default ${DEFAULT-VALUE}).")
    String scorerName;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Models written by 'chorus train sentiment' (default: the shipped ones).")
    String modelDir;

    @Option(names = "--source", split = ",", paramLabel = "SOURCE", description = "Only posts whose \"source\" is one of these.")
    List<String> sources;

    @Option(names = "--sample", paramLabel = "N", description = "Only a random sample of N posts (after --source), drawn with --seed.")
    Integer sample;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of --sample (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--embedding-cache", paramLabel = "FILE",
            description = "Embeddings kept by 'chorus train sentiment --embedding-cache' (the same e5 vectors; texts not in it are embedded).")
    Path embeddingCache;

    @Option(names = "--batch", defaultValue = "64", description = "Posts per scoring call (the embedding scorer batches them; default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(in)) {
            throw new UserError("--in " + in + " is not a readable file");
        }
        if (SentimentScorers.LLM.equalsIgnoreCase(scorerName)) {
            throw new UserError("--scorer llm is not evaluated here (it needs the model endpoint); score the file with "
                    + "'chorus score --scorer llm' and compare the labels");
        }
        if (batch < 1) {
            throw new UserError("--batch must be at least 1");
        }
        List<LabelledPost> posts = new ArrayList<>();
        try {
            for (LabelledPost p : LabelledPost.read(in)) {
                if (sources == null || sources.contains(p.source())) {
                    posts.add(p);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (posts.isEmpty()) {
            throw new UserError(in + " has no labelled posts" + (sources == null ? "" : " with source " + sources));
        }
        if (sample != null) {
            if (sample < 1) {
                throw new UserError("--sample must be at least 1");
            }
            java.util.Collections.shuffle(posts, new java.util.Random(seed));
            posts = new ArrayList<>(posts.subList(0, Math.min(sample, posts.size())));
        }
        SentimentScorer scorer;
        try {
            EmbeddingCache cache = embeddingCache == null ? null : EmbeddingCache.open(embeddingCache);
            scorer = SentimentScorers.create(scorerName, modelDir, e -> cache == null ? e : cache.over(e));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        SentimentMetrics metrics = new SentimentMetrics();
        long start = System.nanoTime();
        for (int from = 0; from < posts.size(); from += batch) {
            List<LabelledPost> chunk = posts.subList(from, Math.min(posts.size(), from + batch));
            List<Sentiment> judged = scorer.scoreAll(chunk.stream().map(LabelledPost::text).toList(),
                    chunk.stream().map(LabelledPost::lang).toList());
            for (int k = 0; k < chunk.size(); k++) {
                metrics.add(chunk.get(k).label(), judged.get(k), chunk.get(k).reference());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%s on %s%s%s%n", scorer.name(), in.getFileName(), sources == null ? "" : " " + sources,
                sample == null ? "" : ", random sample of " + posts.size() + " (seed " + seed + ")");
        out.print(metrics.render());
        if (metrics.referenced() == 0) {
            out.println("no \"reference\" scores in the file: Spearman and MAE not computed");
        }
        out.printf(Locale.ROOT, "scored in %.1f s (%.0f posts/s, one thread)%n", seconds, posts.size() / seconds);
        out.flush();
        if (json != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scorer", scorer.name());
            m.put("file", in.getFileName().toString());
            m.put("sources", sources);
            m.put("sample", sample);
            m.put("seed", sample == null ? null : seed);
            m.putAll(metrics.toMap());
            m.put("seconds", Math.round(seconds * 10) / 10.0);
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), m);
        }
        return ExitCodes.OK;
    }
}
