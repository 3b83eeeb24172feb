package io.chorus.async;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chorus.llm.ChatRequest;

/**
 * The in-memory layer of the response cache, and the cache key: hash(model, parameters, rendered prompt). Equal
 * keys mean an equal question, so the answer can be reused. The persistent layer is the cache topic.
 */
final class ResponseCache {

    private final String model;
    private final String parameters;
    private final Cache<String, ModelAnswer> cache;

    /** @param parameters sampling parameters that change answers (temperature, seed, max tokens) */
    ResponseCache(String model, String parameters, long maxEntries) {
        this.model = model;
        this.parameters = parameters;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).build();
    }

    String key(ChatRequest request) {
        return RequestIds.sha256(model + '\u0000' + parameters + '\u0000' + request.jsonOutput()
                + '\u0000' + request.maxTokens() + '\u0000' + request.system() + '\u0000' + request.user()
                + '\u0000' + String.join("\u0001", request.imageUrls()));
    }

    /** The answer, or null. */
    ModelAnswer get(String key) {
        return cache.getIfPresent(key);
    }

    void put(String key, ModelAnswer answer) {
        cache.put(key, answer);
    }
}
