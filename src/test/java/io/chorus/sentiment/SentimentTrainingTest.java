package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves training is deterministic under a fixed seed, cross-validates, calibrates, and writes a model that loads and scores. */
class SentimentTrainingTest {

    private static final SentimentTraining.Options OPTIONS = new SentimentTraining.Options(12, 3,
            new LogisticTrainer.Settings(10, 0.2, 1e-6, 7), new LogisticTrainer.Settings(8, 0.05, 1e-5, 7), "test fixture");

    private static List<LabelledPost> fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void read() throws Exception {
        fixture = LabelledPost.read(Path.of(SentimentTrainingTest.class.getResource("/sentiment/fixture.jsonl").toURI()));
    }

    @Test
    void theSameDataAndSeedGiveTheSameWeights() {
        SentimentTraining.Result a = SentimentTraining.train(fixture, null, OPTIONS, l -> { });
        SentimentTraining.Result b = SentimentTraining.train(fixture, null, OPTIONS, l -> { });
        assertThat(a.ngram().name()).isEqualTo(b.ngram().name());
        assertThat(a.ngram().thresholds()).isEqualTo(b.ngram().thresholds());
    }

    @Test
    void anotherSeedGivesOtherWeights() {
        SentimentTraining.Options other = new SentimentTraining.Options(12, 3, new LogisticTrainer.Settings(10, 0.2, 1e-6, 8),
                OPTIONS.head(), "test fixture");
        assertThat(SentimentTraining.train(fixture, null, other, l -> { }).ngram().name())
                .isNotEqualTo(SentimentTraining.train(fixture, null, OPTIONS, l -> { }).ngram().name());
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsCrossValidatedRecallPerClassAndTheConfusionMatrix() {
        Map<String, Object> ngram = (Map<String, Object>) SentimentTraining.train(fixture, null, OPTIONS, l -> { }).report().get("ngram");
        Map<String, Object> cv = (Map<String, Object>) ngram.get("crossValidation");
        assertThat(cv.get("posts")).isEqualTo(60L);
        assertThat((Map<String, Object>) cv.get("recall")).containsOnlyKeys("negative", "neutral", "positive");
        assertThat((Map<String, Object>) cv.get("confusion")).containsOnlyKeys("negative", "neutral", "positive");
        // out-of-fold on 60 easy sentences: well above the 1/3 of guessing, below perfect is fine
        assertThat((double) cv.get("macroRecall")).isGreaterThan(0.5);
    }

    @Test
    void aWrittenModelLoadsAndSeparatesTheClassesItWasTrainedOn() throws Exception {
        SentimentTraining.Result r = SentimentTraining.train(fixture, null, OPTIONS, l -> { });
        SentimentTraining.write(r, dir);
        assertThat(Files.exists(dir.resolve(SentimentModelFile.EMBEDDING_FILE))).isFalse();
        NgramSentimentScorer scorer = new NgramSentimentScorer(SentimentModelFile.read(dir.resolve(SentimentModelFile.NGRAM_FILE)), null);
        assertThat(scorer.name()).isEqualTo(r.ngram().name());
        assertThat(scorer.score("What a wonderful day at the beach with friends").score())
                .isGreaterThan(scorer.score("Worst day ever, I hate this awful weather").score());
    }

    @Test
    void fitsTheTemperatureThatMinimisesLogLoss() {
        // overconfident predictions that are right only 60% of the time must be softened (temperature above 1)
        double[][] p = new double[100][];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            p[i] = new double[] {0.02, 0.02, 0.96};
            y[i] = i < 60 ? 2 : 0;
        }
        assertThat(SentimentTraining.fitTemperature(p, y)).isGreaterThan(1.5);
    }

    @Test
    void tunesThresholdsThatSeparateWellOrderedScores() {
        double[][] p = {{0.9, 0.05, 0.05}, {0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}, {0.15, 0.7, 0.15}, {0.05, 0.05, 0.9}, {0.1, 0.1, 0.8}};
        int[] y = {0, 0, 1, 1, 2, 2};
        LabelThresholds t = SentimentTraining.tuneThresholds(p, y);
        for (int i = 0; i < p.length; i++) {
            assertThat(t.label(Probabilities.score(p[i]))).isEqualTo(SentimentLabel.CLASSES[y[i]]);
        }
    }
}
