package io.chorus.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves how posts are let through to an English-only scorer: tags trusted, Twitter's pseudo-codes handled, detection when untagged. */
class LanguageGateTest {

    private static LanguageGate gate;

    @BeforeAll
    static void load() {
        gate = new LanguageGate();
    }

    @Test
    void judgesPostsTaggedEnglishIncludingRegionalTags() {
        assertThat(gate.decide("so good", "en").judge()).isTrue();
        assertThat(gate.decide("so good", "en-GB").judge()).isTrue();
    }

    @Test
    void declinesPostsTaggedWithAnotherLanguage() {
        LanguageGate.Decision d = gate.decide("Viva Las Vegas!!!!", "es");
        assertThat(d.judge()).isFalse();
        assertThat(d.language()).isEqualTo("es");
    }

    @Test
    void judgesEmojiOnlyPostsTaggedArtOrQme() {
        assertThat(gate.decide("🙏🏾🙏🏾🙏🏾", "art").judge()).isTrue();
        assertThat(gate.decide("@DezBryant 🤣🤣🤣", "qme").judge()).isTrue();
    }

    @Test
    void declinesPostsWithOnlyLinksAndMentionsWhateverTheirTag() {
        assertThat(gate.decide("https://t.co/Q02AbjK90r", "zxx").judge()).isFalse();
        assertThat(gate.decide("@someone @other", "qam").judge()).isFalse();
        assertThat(gate.decide("   ", null).judge()).isFalse();
    }

    @Test
    void detectsAnotherLanguageWhenTheTagIsAbsent() {
        LanguageGate.Decision d = gate.decide("Mi hermana y yo jamás superaremos haber conocido al elenco de la película", null);
        assertThat(d.judge()).isFalse();
        assertThat(d.language()).isEqualTo("es");
        assertThat(d.reason()).contains("detected");
    }

    @Test
    void detectsAnotherLanguageWhenTheTagIsUndetermined() {
        assertThat(gate.decide("Je ne sais pas pourquoi tout le monde aime ce film, vraiment", "und").judge()).isFalse();
    }

    @Test
    void judgesShortEnglishThatTheDetectorAloneWouldMistake() {
        assertThat(gate.decide("@jamess__paul Do you want to see Ant-Man on Tues?", null).judge()).isTrue();
        assertThat(gate.decide("Eid 3rd day.... Good after none http://t.co/wTsPaQyppI", null).judge()).isTrue();
    }

    @Test
    void judgesTextTooShortToTell() {
        assertThat(gate.decide("@ChrisKukelhan 32K", "und").judge()).isTrue();
    }
}
