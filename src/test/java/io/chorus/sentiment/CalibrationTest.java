package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Proves the 0–100 mapping from probabilities, the label thresholds and the rules of an UNSCORED judgement. */
class CalibrationTest {

    private final LabelThresholds thresholds = new LabelThresholds(40, 60);

    @Test
    void certainPositiveIsHundredAndCertainNegativeIsZero() {
        assertThat(Probabilities.score(new double[] {0, 0, 1})).isEqualTo(100);
        assertThat(Probabilities.score(new double[] {1, 0, 0})).isEqualTo(0);
    }

    @Test
    void balancedPositiveAndNegativeIsFifty() {
        assertThat(Probabilities.score(new double[] {0.3, 0.4, 0.3})).isEqualTo(50);
    }

    @Test
    void labelFollowsTheScoreAndConfidenceIsItsProbability() {
        Sentiment s = Probabilities.judge(new double[] {0.1, 0.2, 0.7}, thresholds);
        assertThat(s.score()).isEqualTo(80);
        assertThat(s.label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(s.confidence()).isEqualTo(0.7);
    }

    @Test
    void thresholdsAreInclusive() {
        assertThat(thresholds.label(40)).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(thresholds.label(40.5)).isEqualTo(SentimentLabel.NEUTRAL);
        assertThat(thresholds.label(60)).isEqualTo(SentimentLabel.POSITIVE);
    }

    @Test
    void anUnscoredJudgementNeedsAReasonAndNothingElseMayHaveOne() {
        assertThat(Sentiment.unscored("language 'ja'").scored()).isFalse();
        assertThatThrownBy(() -> new Sentiment(50, SentimentLabel.UNSCORED, 0.0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sentiment(50, SentimentLabel.NEUTRAL, 0.5, "why")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void temperatureAboveOneSoftensProbabilities() {
        double[] sharp = SentimentTraining.rescale(new double[] {0.05, 0.05, 0.9}, 1);
        double[] soft = SentimentTraining.rescale(new double[] {0.05, 0.05, 0.9}, 2);
        assertThat(soft[2]).isLessThan(sharp[2]);
        assertThat(sharp[2]).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
    }
}
