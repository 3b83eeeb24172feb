package io.chorus.llm;

import java.util.List;
import java.util.Objects;

/**
 * One chat request, provider-neutral. The system message holds instructions only; untrusted text (posts, bios)
 * goes in user messages, delimited as data by the prompt templates.
 *
 * @param system      instructions (may be null)
 * @param user        the user message (data for the model to work on)
 * @param imageUrls   images to show a vision-capable model with the user message (empty for text only)
 * @param jsonOutput  ask for a JSON object answer (structured output) where the endpoint supports it
 * @param maxTokens   answer limit; null for the client's default
 */
public record ChatRequest(String system, String user, List<String> imageUrls, boolean jsonOutput, Integer maxTokens) {

    public ChatRequest {
        Objects.requireNonNull(user, "user");
        imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
    }

    public static ChatRequest of(String system, String user) {
        return new ChatRequest(system, user, List.of(), false, null);
    }

    /** Rough token estimate (4 characters per token) for rate limiting before the call; the answer's usage is exact. */
    public int estimatedPromptTokens() {
        int chars = (system == null ? 0 : system.length()) + user.length();
        return Math.max(1, chars / 4) + 85 * imageUrls.size();
    }
}
