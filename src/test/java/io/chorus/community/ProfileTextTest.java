package io.chorus.community;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.Profile;
import org.junit.jupiter.api.Test;

/** Proves profile texts are cleaned of what a reader cannot see and fall back to the name when nothing is left. */
class ProfileTextTest {

    private static Profile profile(String name, String bio, String location) {
        return new Profile(1, "u1", name, "@handle", bio, location, null);
    }

    @Test
    void aBioOfInvisibleCharactersFallsBackToNameHandleAndLocation() {
        String text = ProfileText.of(profile("Chess Club", "\u2062\u2062\u2062\u2062\u2062", "Paris"));

        assertThat(text).isEqualTo("Chess Club, handle, Paris");
    }

    @Test
    void styledUnicodeLettersBecomePlainLetters() {
        assertThat(ProfileText.clean("\uD835\uDC1D\uD835\uDC1A\uD835\uDC2D\uD835\uDC1A science \uFF41\uFF49")).isEqualTo("data science ai");
    }

    @Test
    void zeroWidthAndBidiCharactersAreRemoved() {
        assertThat(ProfileText.clean("cli\u200Bmate\u200D \u202Eactivist\u202C \u2066x\u2069")).isEqualTo("climate activist x");
    }

    @Test
    void urlsAreRemovedAndSpacesCollapsed() {
        assertThat(ProfileText.clean("Podcast host https://t.co/AbC123   and   www.example.com/x writer")).isEqualTo("Podcast host and writer");
    }

    @Test
    void aVisibleBioIsEmbeddedWithTheName() {
        assertThat(ProfileText.of(profile("Yale SOM", "School of Management", null))).isEqualTo("Yale SOM. School of Management");
    }

    @Test
    void aProfileWithNothingVisibleGetsThePlaceholder() {
        assertThat(ProfileText.of(new Profile(1, "u1", "\u200B", null, "\u2062", " ", null))).isEqualTo(ProfileText.EMPTY_PROFILE);
    }
}
