package io.chorus.cli;

import io.chorus.sentiment.EmbeddingCache;
import io.chorus.sentiment.LabelledPost;
import io.chorus.sentiment.LogisticTrainer;
import io.chorus.sentiment.SentenceEmbedder;
import io.chorus.sentiment.SentimentTraining;
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

/** Trains the n-gram and embedding sentiment models reproducibly and writes them with a report. */
@Command(name = "sentiment", mixinStandardHelpOptions = true,
        description = {"Train the offline sentiment scorers (ngram, and embedding unless --no-embedding) from labelled posts, reproducibly, with cross-validation on the training posts only.",
                "Input: one JSON object per line with \"text\" and \"label\" (positive|neutral|negative), optional \"source\". Training is single-threaded with a fixed seed, so the same input gives the same weights. It writes DIR/ngram-sentiment.model, DIR/embedding-sentiment.model and DIR/training-report.json, and prints per-class recall, the confusion matrix, macro-recall and the time taken. Use the result with --set sentiment.model.dir=DIR (the jar ships the models this command wrote)."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus train sentiment --data semeval.jsonl --out models/",
                "  chorus train sentiment --data semeval.jsonl --out models/ --no-embedding"})
public final class TrainSentimentCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled posts (JSON lines).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the model files and the report.")
    Path out;

    @Option(names = "--exclude-source", paramLabel = "SOURCE", defaultValue = "twitter-2016test-A", split = ",",
            description = "Posts whose \"source\" is one of these are never used (kept for evaluation). Default: ${DEFAULT-VALUE}, the SemEval-2016 test set; pass '' to use all.")
    List<String> excludeSources;

    @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--seed", defaultValue = "20261201", description = "Random seed for folds and example order (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bits", defaultValue = "18", description = "Feature hash size, 2^bits slots (default ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--epochs", defaultValue = "6", description = "Passes over the data for the n-gram model (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--learning-rate", defaultValue = "0.1", description = "AdaGrad learning rate, n-gram model (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--l2", defaultValue = "1e-6", description = "L2 regularisation, n-gram model (default ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--no-embedding", description = "Train only the n-gram model (no ONNX model, minutes faster).")
    boolean noEmbedding;

    @Option(names = "--embedding-cache", paramLabel = "FILE",
            description = "Keep e5 embeddings of the training texts in FILE between runs (keep it outside the repository).")
    Path embeddingCache;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(data)) {
            throw new UserError("--data " + data + " is not a readable file");
        }
        List<LabelledPost> posts;
        try {
            posts = LabelledPost.read(data);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        List<LabelledPost> train = new ArrayList<>();
        int excluded = 0;
        for (LabelledPost p : posts) {
            if (p.source() != null && excludeSources.contains(p.source())) {
                excluded++;
            } else {
                train.add(p);
            }
        }
        if (train.size() < folds * 3) {
            throw new UserError(data + " has only " + train.size() + " training posts after exclusions; need at least " + folds * 3);
        }
        err.printf(Locale.ROOT, "Training on %d posts from %s (%d excluded by source %s)%n", train.size(), data, excluded, excludeSources);
        err.flush();
        long start = System.nanoTime();
        float[][] embeddings = null;
        if (!noEmbedding) {
            List<String> texts = train.stream().map(LabelledPost::text).toList();
            EmbeddingCache cache = EmbeddingCache.open(embeddingCache);
            err.printf(Locale.ROOT, "Embedding with %s (%d cached)...%n", SentenceEmbedder.MODEL, cache.size());
            err.flush();
            embeddings = cache.embedAll(texts, SentenceEmbedder.lazyE5(), 128, done -> {
                err.printf(Locale.ROOT, "  embedded %d new texts (%.0f s)%n", done, (System.nanoTime() - start) / 1e9);
                err.flush();
            });
        }
        String provenance = "Trained by 'chorus train sentiment' on " + train.size() + " tweets of the SemEval-2013 Task 2 and "
                + "SemEval-2014-2016 Task 4 subtask A English releases (Nakov, Rosenthal, Kozareva, Stoyanov, Ritter, Wilson, "
                + "Farra, Sebastiani; research data, tweets under Twitter's terms), excluding sources " + excludeSources
                + ". Only weights are stored, never tweets.";
        SentimentTraining.Options options = new SentimentTraining.Options(bits, folds,
                new LogisticTrainer.Settings(epochs, learningRate, l2, seed),
                new LogisticTrainer.Settings(8, 0.05, 1e-5, seed), provenance);
        SentimentTraining.Result result = SentimentTraining.train(train, embeddings, options, line -> {
            err.println(line);
            err.flush();
        });
        SentimentTraining.write(result, out);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("data", data.getFileName().toString());
        report.put("excludedSources", excludeSources);
        report.put("excludedPosts", excluded);
        report.putAll(result.report());
        report.put("totalSeconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("training-report.json").toFile(), report);
        err.printf(Locale.ROOT, "Wrote %s (%d bytes)%s and training-report.json to %s in %.1f s%n", result.ngram().name(),
                Files.size(out.resolve("ngram-sentiment.model")),
                result.embedding() == null ? "" : ", " + result.embedding().name() + " (" + Files.size(out.resolve("embedding-sentiment.model")) + " bytes)",
                out, (System.nanoTime() - start) / 1e9);
        err.flush();
        return ExitCodes.OK;
    }
}
