package io.chorus.listening;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.TrendReport.Kind;
import org.junit.jupiter.api.Test;

/** Proves what counts as a term: hashtags, mentions and cleaned words, from messy real-world text. */
class TermExtractorTest {

    @Test
    void keepsHashtagsAndMentionsWithTheirKind() {
        assertThat(TermExtractor.terms("Go #SolarSaturday with @CityBuses!"))
                .containsEntry("#solarsaturday", Kind.HASHTAG).containsEntry("@citybuses", Kind.MENTION);
    }

    @Test
    void dropsUrlsNumbersStopWordsAndShortWords() {
        assertThat(TermExtractor.terms("the 2024 plan is at https://t.co/abc123 and so on")).containsOnlyKeys("plan");
    }

    @Test
    void readsStyledLettersAsPlainOnesAndIgnoresInvisibleCharacters() {
        assertThat(TermExtractor.terms("\uD835\uDC07\uD835\uDC1E\uD835\uDC25\uD835\uDC25\uD835\uDC28 wor\u200Bld\u2062"))
                .containsOnlyKeys("hello", "world");
    }

    @Test
    void countsEachTermOncePerPost() {
        assertThat(TermExtractor.terms("#win #win #win")).hasSize(1);
    }

    @Test
    void handlesNullAndBlankText() {
        assertThat(TermExtractor.terms(null)).isEmpty();
        assertThat(TermExtractor.terms("\u2062\u2062 ")).isEmpty();
    }
}
