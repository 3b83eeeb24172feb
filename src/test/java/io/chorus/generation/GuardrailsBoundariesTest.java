package io.chorus.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.Audience;
import io.chorus.model.Campaign;
import io.chorus.model.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves the guardrails at their edges: blocklist terms that normalise to nothing are ignored (else every campaign
 * would match), audience feature names are checked too, the output length limit is inclusive, and the echo check
 * needs a whole 40-character stretch of the system prompt.
 */
class GuardrailsBoundariesTest {

    private static final String LABEL = "[AI-generated for Transit Now]";

    private static Campaign campaign(String topic, Audience audience) {
        return new Campaign(1, "c1", topic, "more buses", ContentType.REPLY, audience, List.of(), 70.0, 1, LABEL, null, null, true);
    }

    @Test
    void aBlocklistTermOfOnlySpacesAndPunctuationBlocksNothing() {
        Guardrails guardrails = new Guardrails(List.of("  ", "--", "\u200B"), 600);
        assertThat(guardrails.refuseCampaign(campaign("public transit", null))).isEmpty();
    }

    @Test
    void aBlankBlocklistTermDoesNotHideTheRealOnes() {
        Guardrails guardrails = new Guardrails(List.of(" ", "weapons"), 600);
        assertThat(guardrails.refuseCampaign(campaign("weapons", null))).get().asString().contains("'weapons'");
    }

    @Test
    void refusesABlockedTopicInAnAudienceFeatureName() {
        Audience audience = new Audience(List.of(), null, null, List.of(), List.of(), Map.of("weapons", 50.0));
        assertThat(new Guardrails(List.of("weapons"), 600).refuseCampaign(campaign("public transit", audience)))
                .get().asString().contains("'audience.minFeatures[0]'");
    }

    @Test
    void acceptsAnOutputOfExactlyTheMaximumLength() {
        String text = "x".repeat(600 - LABEL.length()) + LABEL;
        assertThat(new Guardrails(List.of(), 600).refuseOutput(text, LABEL, null)).isEmpty();
    }

    @Test
    void aSystemPromptShorterThanTheEchoWindowIsNeverAnEcho() {
        String system = "Write a short reply.";
        assertThat(Guardrails.echoes("Sure. Write a short reply. " + LABEL, system)).isFalse();
    }

    @Test
    void fortyCharactersOfTheSystemPromptAreAnEcho() {
        String system = "You write a short, friendly reply to a social media post.";
        assertThat(Guardrails.echoes("ok " + system.substring(0, 40) + " ok", system)).isTrue();
    }

    @Test
    void thirtyNineCharactersOfTheSystemPromptAreNot() {
        String system = "You write a short, friendly reply to a social media post.";
        assertThat(Guardrails.echoes("ok " + system.substring(0, 39) + " ok", system)).isFalse();
    }
}
