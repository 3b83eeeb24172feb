package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves the offline scorer reproduces VADER's published scores and rules and maps them onto the 0-100 scale.
 *
 * <p>The reference values are the examples published with the reference implementation (cjhutto/vaderSentiment
 * README, version 3.3.2); this implementation matches each of them to four decimals.
 */
class VaderSentimentScorerTest {

    private final VaderSentimentScorer scorer = new VaderSentimentScorer();

    private double score(String text) {
        return scorer.score(text).score();
    }

    static Stream<Arguments> publishedReferenceScores() {
        return Stream.of(
                Arguments.of("VADER is smart, handsome, and funny.", 0.8316),
                Arguments.of("VADER is smart, handsome, and funny!", 0.8439),
                Arguments.of("VADER is very smart, handsome, and funny.", 0.8545),
                Arguments.of("VADER is VERY SMART, handsome, and FUNNY.", 0.9227),
                Arguments.of("VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342),
                Arguments.of("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469),
                Arguments.of("VADER is not smart, handsome, nor funny.", -0.7424),
                Arguments.of("The book was good.", 0.4404),
                Arguments.of("At least it isn't a horrible book.", 0.431),
                Arguments.of("The book was only kind of good.", 0.3832),
                Arguments.of("The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042),
                Arguments.of("Today SUX!", -0.5461),
                Arguments.of("Today only kinda sux! But I'll get by, lol", 0.5249),
                Arguments.of("Make sure you :) or :D today!", 0.8633),
                Arguments.of("Catch utf-8 emoji such as 💘 and 💋 and 😁", 0.875),
                Arguments.of("Not bad at all", 0.431));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("publishedReferenceScores")
    void reproducesPublishedReferenceScores(String text, double compound) {
        assertThat(scorer.compound(text)).isCloseTo(compound, within(0.01));
    }

    @Test
    void mapsCompoundOntoTheHundredPointScale() {
        String text = "The book was good.";
        assertThat(score(text)).isCloseTo(50 + 50 * scorer.compound(text), within(1e-9));
    }

    @Test
    void scoresPlainPositiveNegativeAndNeutralText() {
        assertThat(scorer.score("I love this, it is wonderful").label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(scorer.score("This is awful and I hate it").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(scorer.score("The train leaves at nine").label()).isEqualTo(SentimentLabel.NEUTRAL);
        assertThat(score("The train leaves at nine")).isEqualTo(50.0);
    }

    @Test
    void scoresNegatedPositiveWordsAsNegative() {
        assertThat(score("The game was good")).isGreaterThan(50);
        assertThat(score("The game was not good")).isLessThan(50);
        assertThat(score("I don't love this")).isLessThan(50);
        assertThat(score("I never liked it")).isLessThan(50);
    }

    @Test
    void negationMakesANegativeWordLessNegative() {
        assertThat(score("It isn't bad")).isGreaterThan(score("It is bad"));
        assertThat(score("It is bad")).isLessThan(50);
    }

    @Test
    void intensifiersStrengthenAndDampenersWeaken() {
        assertThat(score("The food was very good")).isGreaterThan(score("The food was good"));
        assertThat(score("The food was extremely bad")).isLessThan(score("The food was bad"));
        assertThat(score("The food was slightly good")).isLessThan(score("The food was good"));
        assertThat(score("The food was kind of good"))
                .isLessThan(score("The food was good"))
                .isGreaterThan(50);
    }

    @Test
    void allCapsWordsInMixedCaseTextAreEmphasised() {
        assertThat(score("The food was GREAT today")).isGreaterThan(score("The food was great today"));
    }

    @Test
    void allCapsTextIsNotEmphasisedWhenEverythingIsShouted() {
        assertThat(score("GREAT FOOD")).isEqualTo(score("great food"));
    }

    @Test
    void exclamationMarksAmplifyUpToFour() {
        assertThat(score("The food was good!!!")).isGreaterThan(score("The food was good"));
        assertThat(score("The food was good!!!!!!!!")).isEqualTo(score("The food was good!!!!"));
    }

    @Test
    void repeatedQuestionMarksAmplifyButASingleOneDoesNot() {
        assertThat(score("The food was bad??")).isLessThan(score("The food was bad"));
        assertThat(score("The food was bad?")).isEqualTo(score("The food was bad"));
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
        assertThat(scorer.compound("😀")).isEqualTo(scorer.compound("grinning face"));
        assertThat(score("new patch today 🎉")).isGreaterThan(50);
    }

    @Test
    void sentimentLadenIdiomsReplaceTheirWordsValence() {
        assertThat(score("That concert was the bomb")).isGreaterThan(50);
        assertThat(score("The concert was a bomb")).isLessThan(50);
    }

    @Test
    void splitsWordsOnNoBreakSpacesLikeOrdinarySpaces() {
        assertThat(scorer.compound("not\u00A0good")).isEqualTo(scorer.compound("not good"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n", "!!!!????", "...", "12:30 at the station"})
    void textWithoutSentimentWordsIsNeutralFifty(String text) {
        assertThat(scorer.score(text)).isEqualTo(new Sentiment(50, SentimentLabel.NEUTRAL));
    }

    @Test
    void nullTextIsNeutralFifty() {
        assertThat(scorer.score(null)).isEqualTo(new Sentiment(50, SentimentLabel.NEUTRAL));
        assertThat(scorer.compound(null)).isZero();
    }

    static Stream<String> extremeTexts() {
        return Stream.of(
                "BEST BEST BEST amazing wonderful love love love 😀😀😀 !!!!!!".repeat(50),
                "WORST horrible hate hate awful terrible disgusting 😡😡 !!!!".repeat(50),
                "NOT GOOD not good NEVER great?????".repeat(30),
                "😂".repeat(500),
                "love",
                ":( :( :( :( :(",
                "a \u0000 \uFFFF \uD83D",
                "x".repeat(10_000));
    }

    @ParameterizedTest
    @MethodSource("extremeTexts")
    void scoresStayWithinTheScaleForExtremeText(String text) {
        Sentiment sentiment = scorer.score(text);
        assertThat(sentiment.score()).isBetween(0.0, 100.0);
        assertThat(scorer.compound(text)).isBetween(-1.0, 1.0);
    }

    @Test
    void saturatesTowardsTheEndsOfTheScaleForOverwhelmingText() {
        assertThat(score("BEST BEST BEST amazing wonderful love love love 😀😀😀 !!!!!!".repeat(20))).isBetween(99.0, 100.0);
        assertThat(score("WORST horrible hate hate awful terrible disgusting 😡😡 !!!!".repeat(20))).isBetween(0.0, 1.0);
    }

    @Test
    void givesTheSameScoresWhenSharedAcrossThreads() throws Exception {
        List<String> texts = List.of("The book was good.", "VADER is not smart, handsome, nor funny.", "Today SUX!",
                "The food was great but the service was terrible", "😀 😢 🎉", "At least it isn't a horrible book.");
        List<Double> expected = texts.stream().map(scorer::compound).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Double>>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> {
                    List<Double> last = null;
                    for (int repeat = 0; repeat < 200; repeat++) {
                        last = texts.stream().map(scorer::compound).toList();
                    }
                    return last;
                }));
            }
            for (Future<List<Double>> run : runs) {
                assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shipsTheWholeLexiconAndItsName() {
        assertThat(VaderLexicon.standard().size()).isGreaterThan(7000);
        assertThat(VaderLexicon.standard().emojiCount()).isGreaterThan(1000);
        assertThat(scorer.name()).isEqualTo("vader-lexicon");
    }
}
