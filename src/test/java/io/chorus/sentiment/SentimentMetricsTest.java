package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Proves the evaluation figures on hand-computed cases: recall per class, macro-recall, unscored as misses, Spearman and MAE. */
class SentimentMetricsTest {

    @Test
    void computesRecallPerClassAndTheirMean() {
        SentimentMetrics m = new SentimentMetrics();
        m.add(SentimentLabel.POSITIVE, Sentiment.ofScore(90), Double.NaN);
        m.add(SentimentLabel.POSITIVE, Sentiment.ofScore(50), Double.NaN);
        m.add(SentimentLabel.NEGATIVE, Sentiment.ofScore(10), Double.NaN);
        m.add(SentimentLabel.NEUTRAL, Sentiment.ofScore(50), Double.NaN);
        m.add(SentimentLabel.NEUTRAL, Sentiment.ofScore(10), Double.NaN);
        m.add(SentimentLabel.NEUTRAL, Sentiment.ofScore(90), Double.NaN);
        assertThat(m.recall(SentimentLabel.POSITIVE)).isEqualTo(0.5);
        assertThat(m.recall(SentimentLabel.NEGATIVE)).isEqualTo(1.0);
        assertThat(m.recall(SentimentLabel.NEUTRAL)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m.macroRecall()).isCloseTo((0.5 + 1 + 1.0 / 3) / 3, within(1e-12));
        assertThat(m.confusion()[SentimentLabel.NEUTRAL.ordinal()]).containsExactly(1, 1, 1, 0);
    }

    @Test
    void countsUnscoredPostsAsMissesOfTheirClass() {
        SentimentMetrics m = new SentimentMetrics();
        m.add(SentimentLabel.NEGATIVE, Sentiment.unscored("language 'es'"), Double.NaN);
        m.add(SentimentLabel.NEGATIVE, Sentiment.ofScore(5), Double.NaN);
        assertThat(m.recall(SentimentLabel.NEGATIVE)).isEqualTo(0.5);
        assertThat(m.unscored()).isEqualTo(1);
    }

    @Test
    void measuresRankAgreementAndAbsoluteErrorAgainstReferenceScores() {
        SentimentMetrics m = new SentimentMetrics();
        m.add(SentimentLabel.NEGATIVE, Sentiment.ofScore(10), 20);
        m.add(SentimentLabel.NEUTRAL, Sentiment.ofScore(50), 40);
        m.add(SentimentLabel.POSITIVE, Sentiment.ofScore(90), 60);
        m.add(SentimentLabel.POSITIVE, Sentiment.ofScore(95), 99);
        assertThat(m.spearman()).isCloseTo(1.0, within(1e-12));
        assertThat(m.meanAbsoluteError()).isCloseTo((10 + 10 + 30 + 4) / 4.0, within(1e-12));
        assertThat(m.referenced()).isEqualTo(4);
    }

    @Test
    void leavesUnscoredPostsOutOfTheReferenceAgreement() {
        SentimentMetrics m = new SentimentMetrics();
        m.add(SentimentLabel.NEGATIVE, Sentiment.unscored("nothing to judge"), 20);
        assertThat(m.referenced()).isZero();
    }
}
