package io.chorus.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.Audience;
import io.chorus.model.Campaign;
import io.chorus.model.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the campaign and output guardrails: visible disclosure, normalised blocklist over every field, the cap range. */
class GuardrailsTest {

    private static final String LABEL = "[AI-generated for Transit Now]";
    private final Guardrails guardrails = new Guardrails(List.of("voter suppression", "weapons"), 600);

    private static Campaign campaign(String topic, String stance, String disclosure) {
        return campaign(topic, stance, disclosure, List.of(), null, 1);
    }

    private static Campaign campaign(String topic, String stance, String disclosure, List<String> styleExamples,
                                     Audience audience, Integer cap) {
        return new Campaign(1, "c1", topic, stance, ContentType.REPLY, audience, styleExamples, 70.0, cap, disclosure, null, null, true);
    }

    @Test
    void acceptsACampaignWithAVisibleLabelAndNoBlockedTopic() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", LABEL))).isEmpty();
    }

    @Test
    void acceptsAShortVisibleLabel() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", "#ad"))).isEmpty();
    }

    @Test
    void refusesAMissingDisclosure() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", null))).get().asString().contains("'disclosure'");
    }

    @Test
    void refusesADisclosureOfZeroWidthSpaces() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", "\u200B\u200B\u200B\u200B"))).isPresent();
    }

    @Test
    void refusesADisclosureOfNoBreakSpacesAndWordJoiners() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", "\u00A0\u2060\u00A0\u2060\u2062"))).isPresent();
    }

    @Test
    void refusesADisclosureOfHangulFillers() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", "\u3164\u3164\u3164\u3164"))).isPresent();
    }

    @Test
    void refusesADisclosureShorterThanTheMinimum() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", "a\u200Bd"))).isPresent();
    }

    @Test
    void refusesADisclosureOfPunctuationOnly() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", "..."))).isPresent();
    }

    @Test
    void refusesABlockedTopicInUpperCase() {
        assertThat(guardrails.refuseCampaign(campaign("VOTER SUPPRESSION", null, LABEL))).isPresent();
    }

    @Test
    void refusesABlockedTopicSplitByZeroWidthCharacters() {
        assertThat(guardrails.refuseCampaign(campaign("vo\u200Bter sup\u2060pression", null, LABEL))).isPresent();
    }

    @Test
    void refusesABlockedTopicInStyledUnicodeLetters() {
        // MATHEMATICAL BOLD "weapons"
        assertThat(guardrails.refuseCampaign(campaign("\uD835\uDC30\uD835\uDC1E\uD835\uDC1A\uD835\uDC29\uD835\uDC28\uD835\uDC27\uD835\uDC2C",
                null, LABEL))).isPresent();
    }

    @Test
    void refusesABlockedTopicInFullWidthLetters() {
        assertThat(guardrails.refuseCampaign(campaign("\uFF37\uFF25\uFF21\uFF30\uFF2F\uFF2E\uFF33", null, LABEL))).isPresent();
    }

    @Test
    void refusesABlockedTopicWithOtherSeparators() {
        assertThat(guardrails.refuseCampaign(campaign("Voter-Suppression", null, LABEL))).isPresent();
    }

    @Test
    void refusesABlockedTopicWithLettersSpacedOut() {
        assertThat(guardrails.refuseCampaign(campaign("w.e.a.p.o.n.s", null, LABEL))).isPresent();
    }

    @Test
    void refusesABlockedTopicWithCombiningMarks() {
        assertThat(guardrails.refuseCampaign(campaign("we\u0338a\u0338pons", null, LABEL))).isPresent();
    }

    @Test
    void refusesABlockedTopicSpelledWithCyrillicLookAlikes() {
        assertThat(guardrails.refuseCampaign(campaign("w\u0435\u0430p\u043Ens", null, LABEL))).isPresent();
    }

    @Test
    void refusesABlockedTopicInAStyleExample() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", LABEL, List.of("fine", "buy weapons now"), null, 1)))
                .get().asString().contains("'styleExamples[1]'");
    }

    @Test
    void refusesABlockedTopicInAnAudienceKeyword() {
        Audience audience = new Audience(List.of(), null, null, List.of("weapons"), List.of());
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", LABEL, List.of(), audience, 1)))
                .get().asString().contains("'audience.keywords[0]'");
    }

    @Test
    void refusesABlockedTopicInTheDisclosure() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", "#ad weapons"))).get().asString().contains("'disclosure'");
    }

    @Test
    void refusalNamesTheBlocklistSetting() {
        assertThat(guardrails.refuseCampaign(campaign("weapons", null, LABEL))).get().asString()
                .contains("'topic'").contains("'weapons'").contains("generation.topic.blocklist");
    }

    @Test
    void refusesAPerAuthorDailyCapAboveTheMaximum() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", LABEL, List.of(), null, 1000)))
                .get().asString().contains("'perAuthorDailyCap'").contains("1000");
    }

    @Test
    void acceptsAPerAuthorDailyCapAtTheMaximum() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", LABEL, List.of(), null,
                10))).isEmpty();
    }

    @Test
    void refusesANegativePerAuthorDailyCap() {
        assertThat(guardrails.refuseCampaign(campaign("public transit", "more buses", LABEL, List.of(), null, -1))).isPresent();
    }

    @Test
    void addsTheDisclosureWhenTheTextLacksIt() {
        assertThat(Guardrails.withDisclosure(" Ride the bus. ", LABEL)).isEqualTo("Ride the bus. " + LABEL);
    }

    @Test
    void keepsTheTextWhenItCarriesTheDisclosure() {
        assertThat(Guardrails.withDisclosure(LABEL + " Ride the bus.", LABEL)).isEqualTo(LABEL + " Ride the bus.");
    }

    @Test
    void refusesAnOutputThatIsOnlyTheDisclosure() {
        assertThat(guardrails.refuseOutput(LABEL, LABEL, null)).contains("empty text");
    }

    @Test
    void refusesAnOutputOverTheLengthLimit() {
        assertThat(guardrails.refuseOutput("x".repeat(601) + LABEL, LABEL, null)).get().asString().contains("generation.max.chars");
    }

    @Test
    void refusesAnOutputWithoutTheDisclosure() {
        assertThat(guardrails.refuseOutput("Ride the bus.", LABEL, null)).contains("disclosure label missing");
    }

    @Test
    void refusesAnOutputThatEchoesTheSystemPrompt() {
        String system = "You write a short, friendly reply to a social media post on behalf of a disclosed campaign.";
        assertThat(guardrails.refuseOutput("Sure: you write a short,   friendly reply to a social media post " + LABEL, LABEL, system))
                .contains("text echoes the system prompt");
    }

    @Test
    void acceptsADisclosedOutputWithinLimits() {
        assertThat(guardrails.refuseOutput("Ride the bus. " + LABEL, LABEL, "You write replies.")).isEmpty();
    }
}
