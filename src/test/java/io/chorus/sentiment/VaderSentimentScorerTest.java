package io.chorus.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Proves the offline scorer follows VADER's lexicon and rules and maps them onto the 0-100 scale. */
class VaderSentimentScorerTest {

    private final VaderSentimentScorer scorer = new VaderSentimentScorer();

    private double score(String text) {
        return scorer.score(text).score();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "VADER is smart, handsome, and funny.|0.8316",
            "VADER is not smart, handsome, nor funny.|-0.7424",
            "The book was good.|0.4404",
            "The book was kind of good.|0.3832",
            "Today SUX!|-0.5461",
            "At least it isn't a horrible book.|0.431"})
    void reproducesPublishedReferenceScores(String text, double compound) {
        assertThat(scorer.compound(text)).isCloseTo(compound, within(0.01));
    }

    @Test
    void scoresPlainPositiveNegativeAndNeutralText() {
        assertThat(scorer.score("I love this, it is wonderful").label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(scorer.score("This is awful and I hate it").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(scorer.score("The train leaves at nine").label()).isEqualTo(SentimentLabel.NEUTRAL);
    }

    @Test
    void scoresNegatedPositiveWordsAsNegative() {
        assertThat(score("The game was good")).isGreaterThan(50);
        assertThat(score("The game was not good")).isLessThan(50);
        assertThat(score("I don't love this")).isLessThan(50);
    }

    @Test
    void negationSoftensANegativeWord() {
        assertThat(score("It isn't bad")).isGreaterThan(score("It is bad"));
    }

    @Test
    void intensifiersStrengthenAndDampenersWeaken() {
        assertThat(score("The food was very good")).isGreaterThan(score("The food was good"));
        assertThat(score("The food was extremely bad")).isLessThan(score("The food was bad"));
        assertThat(score("The food was slightly good")).isLessThan(score("The food was good"));
    }

    @Test
    void allCapsWordsInMixedCaseTextAreEmphasised() {
        assertThat(score("The food was GREAT today")).isGreaterThan(score("The food was great today"));
    }

    @Test
    void exclamationMarksAmplifyUpToFour() {
        assertThat(score("The food was good!!!")).isGreaterThan(score("The food was good"));
        assertThat(score("The food was good!!!!!!!!")).isEqualTo(score("The food was good!!!!"));
    }

    @Test
    void butShiftsTheWeightToTheSecondClause() {
        assertThat(score("The food was great but the service was terrible")).isLessThan(50);
        assertThat(score("The service was terrible but the food was great")).isGreaterThan(50);
    }

    @Test
    void emojiAreScoredByTheirDescriptions() {
        assertThat(score("😀")).isGreaterThan(50);
        assertThat(score("😢")).isLessThan(50);
        assertThat(score("new patch today 🎉")).isGreaterThan(50);
    }

    @Test
    void emptyOrBlankTextIsNeutralFifty() {
        assertThat(scorer.score("")).isEqualTo(new Sentiment(50, SentimentLabel.NEUTRAL));
        assertThat(scorer.score("   ")).isEqualTo(new Sentiment(50, SentimentLabel.NEUTRAL));
        assertThat(scorer.score(null)).isEqualTo(new Sentiment(50, SentimentLabel.NEUTRAL));
    }

    @Test
    void scoresStayWithinTheScaleForExtremeText() {
        String joy = "BEST BEST BEST amazing wonderful love love love 😀😀😀 !!!!!!".repeat(20);
        String rage = "WORST horrible hate hate awful terrible disgusting 😡😡 !!!!".repeat(20);
        assertThat(score(joy)).isBetween(90.0, 100.0);
        assertThat(score(rage)).isBetween(0.0, 10.0);
    }

    @Test
    void theLexiconShipsWhole() {
        assertThat(VaderLexicon.standard().size()).isGreaterThan(7000);
        assertThat(scorer.name()).isEqualTo("vader-lexicon");
    }
}
