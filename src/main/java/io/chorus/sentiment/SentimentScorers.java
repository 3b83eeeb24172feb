package io.chorus.sentiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The offline scorers by the names {@code sentiment.scorer} and {@code chorus score --scorer} accept, built from the
 * shipped models or from a directory written by {@code chorus train sentiment}.
 *
 * <ul>
 *   <li>{@code ngram} (the default): fast trained n-gram model.</li>
 *   <li>{@code embedding}: accurate e5 embedding head stacked on the n-gram model; loads an ONNX model (seconds,
 *       ~150 MB), a few hundred posts a second at best on two cores.</li>
 *   <li>{@code vader}: the VADER lexicon and rules, no training data, no probabilities, no language gate;
 *       {@code local} is its older name, kept so existing configurations behave as before.</li>
 * </ul>
 * {@code llm} is not built here: it is a model call, run by the async processor.
 */
public final class SentimentScorers {

    public static final String NGRAM = "ngram";
    public static final String EMBEDDING = "embedding";
    public static final String VADER = "vader";
    public static final String LLM = "llm";
    /** Older name of {@link #VADER}. */
    public static final String LOCAL = "local";
    public static final List<String> NAMES = List.of(NGRAM, EMBEDDING, VADER, LLM, LOCAL);

    private SentimentScorers() {
    }

    /**
     * The in-process scorer called {@code name} ({@code llm} gives the n-gram scorer, which model-scoring stages use
     * for offline estimates such as the sentiment of generated text).
     *
     * @param modelDir directory with the trained model files, or null/blank for the shipped models
     */
    public static SentimentScorer create(String name, String modelDir) {
        return create(name, modelDir, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #create(String, String)}, with the embedding scorer's embedder passed through {@code wrapEmbedder}
     * (e.g. {@link EmbeddingCache#over}); the e5 model itself loads only when a text is not answered by the wrapper.
     */
    public static SentimentScorer create(String name, String modelDir, java.util.function.UnaryOperator<TextEmbedder> wrapEmbedder) {
        String n = name == null ? NGRAM : name.toLowerCase(Locale.ROOT);
        switch (n) {
            case VADER:
            case LOCAL:
                return new VaderSentimentScorer();
            case NGRAM:
            case LLM:
                return ngram(modelDir, new LanguageGate());
            case EMBEDDING: {
                LanguageGate gate = new LanguageGate();
                NgramSentimentScorer ngram = ngram(modelDir, gate);
                return new EmbeddingSentimentScorer(load(modelDir, SentimentModelFile.EMBEDDING_FILE), wrapEmbedder.apply(SentenceEmbedder.lazyE5()), ngram, gate);
            }
            default:
                throw new IllegalArgumentException("unknown sentiment scorer '" + name + "'; choose one of " + NAMES);
        }
    }

    private static NgramSentimentScorer ngram(String modelDir, LanguageGate gate) {
        return new NgramSentimentScorer(load(modelDir, SentimentModelFile.NGRAM_FILE), gate);
    }

    private static SentimentModelFile load(String modelDir, String file) {
        if (modelDir == null || modelDir.isBlank()) {
            return SentimentModelFile.bundled(file);
        }
        Path path = Path.of(modelDir).resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("sentiment.model.dir=" + modelDir + " has no " + file
                    + "; write it with: chorus train sentiment --data FILE --out " + modelDir);
        }
        try {
            return SentimentModelFile.read(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the sentiment model " + path + ": " + e.getMessage(), e);
        }
    }
}
