package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the shipped n-gram model judges clear cases, reports calibrated scores with a confidence, and never fakes a neutral. */
class NgramSentimentScorerTest {

    private static NgramSentimentScorer scorer;

    @BeforeAll
    static void load() {
        scorer = NgramSentimentScorer.bundled(new LanguageGate());
    }

    @Test
    void scoresAClearlyPositivePostAsPositive() {
        Sentiment s = scorer.score("I absolutely love this, best day ever!", "en");
        assertThat(s.label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(s.score()).isGreaterThan(scorer.thresholds().positiveAtOrAbove());
    }

    @Test
    void scoresAClearlyNegativePostAsNegative() {
        Sentiment s = scorer.score("This is awful, worst service ever, I hate it", "en");
        assertThat(s.label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(s.score()).isLessThanOrEqualTo(scorer.thresholds().negativeAtOrBelow());
    }

    @Test
    void scoreIsFiftyPlusFiftyTimesPositiveMinusNegativeProbability() {
        String text = "not sure how I feel about the new schedule";
        double[] p = scorer.probabilities(text);
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(scorer.score(text, "en").score()).isCloseTo(50 + 50 * (p[2] - p[0]), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void confidenceIsTheProbabilityOfTheChosenLabel() {
        String text = "Great match, so proud of the team";
        Sentiment s = scorer.score(text, "en");
        assertThat(s.confidence()).isEqualTo(scorer.probabilities(text)[s.label().ordinal()]);
    }

    @Test
    void negatedPraiseScoresLowerThanPraise() {
        assertThat(scorer.score("this movie is not good", "en").score()).isLessThan(scorer.score("this movie is good", "en").score());
    }

    @Test
    void declinesAPostTaggedInAnotherLanguageWithTheReason() {
        Sentiment s = scorer.score("Mi hermana y yo jamás superaremos haber conocido al elenco", "es");
        assertThat(s.label()).isEqualTo(SentimentLabel.UNSCORED);
        assertThat(s.reason()).contains("'es'");
        assertThat(s.confidence()).isZero();
    }

    @Test
    void declinesAPostThatIsOnlyALink() {
        Sentiment s = scorer.score("https://t.co/DvjrsHg6QE", "zxx");
        assertThat(s.label()).isEqualTo(SentimentLabel.UNSCORED);
        assertThat(s.reason()).contains("nothing to judge");
    }

    @Test
    void namesTheModelByItsWeights() {
        assertThat(scorer.name()).matches("ngram-semeval-[0-9a-f]{8}");
    }
}
