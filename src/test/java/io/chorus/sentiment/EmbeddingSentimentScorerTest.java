package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the embedding scorer batches one embedding call per scoreAll, skips declined posts, and refuses a head from another model. */
class EmbeddingSentimentScorerTest {

    /** Records each batch; every text maps to the same unit vector along the first axis. */
    private static final class RecordingEmbedder implements TextEmbedder {
        final List<List<String>> calls = new ArrayList<>();

        @Override
        public float[][] embed(List<String> texts) {
            calls.add(List.copyOf(texts));
            float[][] v = new float[texts.size()][4];
            for (float[] row : v) {
                row[0] = 1;
            }
            return v;
        }

        @Override
        public String model() {
            return "fake-4d";
        }
    }

    private static NgramSentimentScorer ngram;

    @BeforeAll
    static void load() {
        ngram = NgramSentimentScorer.bundled(new LanguageGate());
    }

    /** A head that copies the n-gram model's log-probabilities (weight 1 on each) and ignores the embedding. */
    private static SentimentModelFile head(String embeddingModel) {
        int dims = EmbeddingSentimentScorer.headDimensions(4);
        float[] w = new float[dims * 3];
        for (int k = 0; k < 3; k++) {
            w[(4 + k) * 3 + k] = 1;
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("kind", "embedding");
        header.put("name", "test-head");
        header.put("negativeAtOrBelow", 40.0);
        header.put("positiveAtOrAbove", 60.0);
        header.put("embeddingModel", embeddingModel);
        header.put("stackedOnNgram", ngram.name());
        return new SentimentModelFile(header, new LinearModel(dims, w, new double[3], 1));
    }

    @Test
    void scoresABatchWithOneEmbeddingCallAndSkipsDeclinedPosts() {
        RecordingEmbedder embedder = new RecordingEmbedder();
        EmbeddingSentimentScorer scorer = new EmbeddingSentimentScorer(head("fake-4d"), embedder, ngram, new LanguageGate());
        List<Sentiment> out = scorer.scoreAll(List.of("I love this so much", "Me encanta mucho", "This is awful, I hate it"),
                Arrays.asList("en", "es", null));
        assertThat(embedder.calls).containsExactly(List.of("I love this so much", "This is awful, I hate it"));
        assertThat(out.get(1).label()).isEqualTo(SentimentLabel.UNSCORED);
        assertThat(out.get(0).score()).isGreaterThan(out.get(2).score());
    }

    @Test
    void aHeadThatCopiesTheNgramModelGivesItsProbabilities() {
        EmbeddingSentimentScorer scorer = new EmbeddingSentimentScorer(head("fake-4d"), new RecordingEmbedder(), ngram, null);
        String text = "Great game tonight";
        assertThat(scorer.score(text).score()).isCloseTo(Probabilities.score(ngram.probabilities(text)), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void refusesAHeadTrainedOnAnotherEmbeddingModel() {
        assertThatThrownBy(() -> new EmbeddingSentimentScorer(head("e5-small-v2-q"), new RecordingEmbedder(), ngram, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e5-small-v2-q");
    }
}
