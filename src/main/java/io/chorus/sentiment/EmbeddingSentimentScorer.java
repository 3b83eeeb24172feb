package io.chorus.sentiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The accurate trained scorer: a logistic-regression head over e5-small-v2 sentence embeddings (384 dimensions),
 * stacked on the n-gram model's probabilities, trained by {@code chorus train sentiment}. About a hundred times
 * slower than the n-gram scorer (a transformer forward pass per post): batch it ({@link #scoreAll}).
 *
 * <p>Same calibration, thresholds and language rules as {@link NgramSentimentScorer}. Thread-safe.
 */
public final class EmbeddingSentimentScorer implements SentimentScorer {

    private final TextEmbedder embedder;
    private final NgramSentimentScorer ngram;
    private final LinearModel head;
    private final LabelThresholds thresholds;
    private final String name;
    private final LanguageGate gate;

    public EmbeddingSentimentScorer(SentimentModelFile file, TextEmbedder embedder, NgramSentimentScorer ngram, LanguageGate gate) {
        if (!"embedding".equals(file.kind())) {
            throw new IllegalArgumentException("model '" + file.name() + "' is a " + file.kind() + " model, not an embedding head");
        }
        if (!embedder.model().equals(file.header().get("embeddingModel"))) {
            throw new IllegalArgumentException("model '" + file.name() + "' was trained on " + file.header().get("embeddingModel")
                    + " embeddings, not " + embedder.model());
        }
        if (!ngram.name().equals(file.header().get("stackedOnNgram"))) {
            throw new IllegalArgumentException("model '" + file.name() + "' was stacked on n-gram model " + file.header().get("stackedOnNgram")
                    + " but is loaded with " + ngram.name() + "; train both together with chorus train sentiment");
        }
        this.embedder = embedder;
        this.ngram = ngram;
        this.head = file.model();
        this.thresholds = file.thresholds();
        this.name = file.name();
        this.gate = gate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Sentiment score(String text) {
        return score(text, null);
    }

    @Override
    public Sentiment score(String text, String lang) {
        return scoreAll(List.of(text == null ? "" : text), Arrays.asList(lang)).get(0);
    }

    @Override
    public List<Sentiment> scoreAll(List<String> texts, List<String> langs) {
        Sentiment[] out = new Sentiment[texts.size()];
        List<Integer> judged = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            LanguageGate.Decision d = gate == null ? null : gate.decide(text, langs == null ? null : langs.get(i));
            if (d != null && !d.judge()) {
                out[i] = Sentiment.unscored(d.reason());
            } else if (text == null || text.isBlank()) {
                out[i] = Sentiment.unscored("nothing to judge: the text is empty");
            } else {
                judged.add(i);
                batch.add(text);
            }
        }
        if (!batch.isEmpty()) {
            float[][] vectors = embedder.embed(batch);
            for (int k = 0; k < batch.size(); k++) {
                out[judged.get(k)] = Probabilities.judge(head.probabilities(headFeatures(vectors[k], ngram.probabilities(batch.get(k)))), thresholds);
            }
        }
        return Arrays.asList(out);
    }

    /** The head's input: the embedding, the n-gram model's log-probabilities, and a constant. */
    static TextFeatures.Sparse headFeatures(float[] embedding, double[] ngramProbabilities) {
        int d = embedding.length;
        int[] idx = new int[d + 4];
        float[] val = new float[d + 4];
        for (int i = 0; i < d; i++) {
            idx[i] = i;
            val[i] = embedding[i];
        }
        for (int k = 0; k < 3; k++) {
            idx[d + k] = d + k;
            val[d + k] = (float) Math.log(Math.max(1e-6, ngramProbabilities[k]));
        }
        idx[d + 3] = d + 3;
        val[d + 3] = 1f;
        return new TextFeatures.Sparse(idx, val);
    }

    static int headDimensions(int embeddingDimensions) {
        return embeddingDimensions + 4;
    }
}
