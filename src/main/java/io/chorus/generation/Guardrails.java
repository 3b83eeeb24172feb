package io.chorus.generation;

import io.chorus.model.Campaign;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks applied to every campaign and every generated text, on by default: a topic blocklist refuses campaigns;
 * outputs must be non-empty, within the length limit, carry the disclosure, and must not echo the system prompt.
 */
public final class Guardrails {

    private final List<String> blockedTopics;
    private final int maxChars;

    public Guardrails(List<String> blockedTopics, int maxChars) {
        this.blockedTopics = blockedTopics.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).toList();
        this.maxChars = maxChars;
    }

    /** Why a campaign is refused, or empty when it may run. */
    public Optional<String> refuseCampaign(Campaign campaign) {
        String text = (campaign.topic() + " " + (campaign.stance() == null ? "" : campaign.stance())).toLowerCase(Locale.ROOT);
        for (String blocked : blockedTopics) {
            if (text.contains(blocked)) {
                return Optional.of("campaign " + campaign.id() + " touches a blocked topic '" + blocked + "' (generation.topic.blocklist)");
            }
        }
        if (campaign.disclosure() == null || campaign.disclosure().isBlank()) {
            return Optional.of("campaign " + campaign.id() + " has no disclosure label; generated content must carry one");
        }
        return Optional.empty();
    }

    /** The text with the disclosure label, added at the end when the model left it out. */
    public static String withDisclosure(String text, String disclosure) {
        String t = text == null ? "" : text.strip();
        return t.contains(disclosure) ? t : t + " " + disclosure;
    }

    /** Why a generated text is refused, or empty when it may be published to the output topic. */
    public Optional<String> refuseOutput(String text, String disclosure, String systemPrompt) {
        if (text == null || text.isBlank() || text.strip().equals(disclosure)) {
            return Optional.of("empty text");
        }
        if (text.length() > maxChars) {
            return Optional.of("text has " + text.length() + " characters, over generation.max.chars=" + maxChars);
        }
        if (!text.contains(disclosure)) {
            return Optional.of("disclosure label missing");
        }
        if (systemPrompt != null && echoes(text, systemPrompt)) {
            return Optional.of("text echoes the system prompt");
        }
        return Optional.empty();
    }

    /** True when any 40-character stretch of the system prompt appears in the text (a leaked instruction). */
    static boolean echoes(String text, String systemPrompt) {
        String t = normalise(text);
        String s = normalise(systemPrompt);
        int window = 40;
        for (int i = 0; i + window <= s.length(); i += 10) {
            if (t.contains(s.substring(i, i + window))) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
