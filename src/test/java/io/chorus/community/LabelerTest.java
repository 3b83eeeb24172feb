package io.chorus.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves communities are labelled by their most distinctive bio terms: frequent in the community, rare in the
 * others, never stopwords, punctuation, emoji, numbers or short tokens.
 */
class LabelerTest {

    final CommunityLabeler labeler = new CommunityLabeler();

    @Test
    void termsAreLowercaseWordsWithoutStopwordsPunctuationEmojiNumbersOrShortTokens() {
        assertThat(labeler.terms("I ❤️ Solar-powered BIKES, and the 2 of us ride since 2019! Don't stop 🚲."))
                .containsExactly("solar", "powered", "bikes", "ride", "stop");
    }

    @Test
    void labelsACommunityByTermsFrequentInItAndRareElsewhere() {
        Map<String, CommunityLabeler.TermStats> stats = new LinkedHashMap<>();
        stats.put("c-001", new CommunityLabeler.TermStats(4, Map.of("climate", 4, "solar", 3, "transit", 2, "love", 4)));
        stats.put("c-002", new CommunityLabeler.TermStats(4, Map.of("console", 4, "esports", 3, "speedrun", 2, "love", 4)));

        Map<String, CommunityLabeler.Label> labels = labeler.label(stats);

        assertThat(labels.get("c-001").label()).isEqualTo("climate · solar · transit");
        assertThat(labels.get("c-002").label()).isEqualTo("console · esports · speedrun");
        assertThat(labels.get("c-001").terms()).containsExactly("climate", "solar", "transit", "love");
    }

    @Test
    void keepsAtMostEightTermsBreakingTiesAlphabetically() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String term : List.of("kiwi", "apple", "mango", "banana", "cherry", "grape", "lemon", "fig", "date", "elder")) {
            counts.put(term, 1);
        }
        Map<String, CommunityLabeler.Label> labels = labeler.label(Map.of("c-001", new CommunityLabeler.TermStats(1, counts)));

        assertThat(labels.get("c-001").terms())
                .containsExactly("apple", "banana", "cherry", "date", "elder", "fig", "grape", "kiwi");
        assertThat(labels.get("c-001").label()).isEqualTo("apple · banana · cherry");
    }

    @Test
    void aCommunityWithoutProfilesHasNoLabelTerms() {
        Map<String, CommunityLabeler.Label> labels = labeler.label(Map.of("c-001", new CommunityLabeler.TermStats(0, Map.of())));

        assertThat(labels.get("c-001").label()).isEmpty();
        assertThat(labels.get("c-001").terms()).isEmpty();
    }
}
