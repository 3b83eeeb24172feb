package io.chorus.community;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ProfileEmbedder} on an in-process, quantized ONNX sentence encoder (384 dimensions, offline). Three
 * models are bundled; {@link Model#E5} is the default, measured best on real bios (see docs/COMMUNITIES.md).
 *
 * <p>The model files are read from the classpath (the jars {@code langchain4j-embeddings-*}) straight into
 * ONNX Runtime, once per instance (a few seconds): create one instance at the edge and pass it in. Thread-safe.
 * {@link #embed(List)} spreads a list over {@code threads} inference threads; {@link #backgroundExecutor()} is
 * a separate single daemon thread on which callers run whole batches off their own thread.
 */
public final class OnnxProfileEmbedder implements ProfileEmbedder {

    public static final int DIMENSIONS = 384;

    /** The bundled models: resource names, pooling, and the prefix each was trained to expect on queries. */
    public enum Model {
        /** intfloat/e5-small-v2, quantized: mean pooling, texts prefixed "query: ". */
        E5("e5-small-v2-q", "e5-small-v2-q.onnx", "e5-small-v2-q-tokenizer.json", PoolingMode.MEAN, "query: "),
        /** BAAI/bge-small-en-v1.5, quantized: CLS pooling, no prefix. */
        BGE("bge-small-en-v15-q", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", PoolingMode.CLS, ""),
        /** sentence-transformers/all-MiniLM-L6-v2, quantized: mean pooling, no prefix (the model before e5). */
        MINILM("all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", PoolingMode.MEAN, "");

        final String id;
        final String onnx;
        final String tokenizer;
        final PoolingMode pooling;
        final String prefix;

        Model(String id, String onnx, String tokenizer, PoolingMode pooling, String prefix) {
            this.id = id;
            this.onnx = onnx;
            this.tokenizer = tokenizer;
            this.pooling = pooling;
            this.prefix = prefix;
        }

        /** The model for a configuration value ({@code e5}, {@code bge}, {@code minilm}, case-insensitive). */
        public static Model named(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "e5" -> E5;
                case "bge" -> BGE;
                case "minilm" -> MINILM;
                default -> throw new IllegalArgumentException("unknown embedding model '" + name + "'; use one of "
                        + Arrays.stream(values()).map(m -> m.name().toLowerCase(Locale.ROOT)).toList());
            };
        }
    }

    private final Model model;
    private final Encoder encoder;
    private final ExecutorService background;
    private final ExecutorService inference;

    /** One inference thread per core. */
    public OnnxProfileEmbedder(Model model) {
        this(model, Runtime.getRuntime().availableProcessors());
    }

    public OnnxProfileEmbedder(Model model, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.model = model;
        this.inference = Executors.newFixedThreadPool(threads, daemon("chorus-embed-"));
        this.encoder = new Encoder(model, inference);
        this.background = Executors.newSingleThreadExecutor(daemon("chorus-embed-batch-"));
    }

    @Override
    public float[][] embed(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("text " + i + " is blank; build profile texts with ProfileText.of");
            }
            segments.add(TextSegment.from(model.prefix + text));
        }
        List<Embedding> embeddings = encoder.embedAll(segments).content();
        float[][] vectors = new float[embeddings.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = Vectors.normalized(embeddings.get(i).vector());
        }
        return vectors;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public String name() {
        return model.id;
    }

    @Override
    public java.util.concurrent.Executor backgroundExecutor() {
        return background;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** LangChain4j's in-process model, loaded from our classpath streams instead of file paths. */
    private static final class Encoder extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder bert;

        Encoder(Model model, java.util.concurrent.Executor executor) {
            super(executor);
            try (InputStream onnx = resource(model.onnx); InputStream tokenizer = resource(model.tokenizer)) {
                this.bert = new OnnxBertBiEncoder(onnx, tokenizer, model.pooling);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the " + model.id + " model from the classpath", e);
            }
        }

        private static InputStream resource(String name) {
            InputStream in = OnnxProfileEmbedder.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IllegalStateException("embedding model file " + name + " is not on the classpath (is its jar in the build?)");
            }
            return in;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return bert;
        }
    }
}
