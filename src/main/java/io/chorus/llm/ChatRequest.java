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

    /** A builder for the user message {@code user}: text only, free-form answer, the client's answer limit. */
    public static Builder builder(String user) {
        return new Builder(user);
    }

    /** Names what each setting is, instead of five positional arguments. */
    public static final class Builder {
        private final String user;
        private String system;
        private List<String> imageUrls = List.of();
        private boolean jsonOutput;
        private Integer maxTokens;

        private Builder(String user) {
            this.user = user;
        }

        public Builder system(String instructions) {
            this.system = instructions;
            return this;
        }

        public Builder images(List<String> urls) {
            this.imageUrls = urls;
            return this;
        }

        /** Ask for a JSON object answer. */
        public Builder jsonOutput() {
            this.jsonOutput = true;
            return this;
        }

        public Builder maxTokens(int limit) {
            this.maxTokens = limit;
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(system, user, imageUrls, jsonOutput, maxTokens);
        }
    }

    /** Rough token estimate (4 characters per token) for rate limiting before the call; the answer's usage is exact. */
    public int estimatedPromptTokens() {
        int chars = (system == null ? 0 : system.length()) + user.length();
        return Math.max(1, chars / 4) + 85 * imageUrls.size();
    }
}
