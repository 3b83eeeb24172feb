package io.chorus.community;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * {@link ProfileEmbedder} on LangChain4j's in-process, quantized all-MiniLM-L6-v2 (384 dimensions, ONNX, offline).
 *
 * <p>The ONNX model is loaded once per JVM, by LangChain4j, when the first instance is created (a few seconds);
 * create one instance at the edge and pass it in. Thread-safe: the ONNX session may be shared between threads.
 * {@link #embed(List)} hands the whole list to {@code embedAll}, which spreads the texts over the executor's
 * threads; that is several times faster than embedding one text at a time.
 */
public final class MiniLmEmbedder implements ProfileEmbedder {

    public static final int DIMENSIONS = 384;

    private final EmbeddingModel model;

    /** Uses LangChain4j's default executor (one thread per core; idle threads end after a second). */
    public MiniLmEmbedder() {
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    public MiniLmEmbedder(Executor executor) {
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(executor);
    }

    @Override
    public float[][] embed(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("text " + i + " is blank; build profile texts with ProfileText.of");
            }
            segments.add(TextSegment.from(text));
        }
        List<Embedding> embeddings = model.embedAll(segments).content();
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
}
