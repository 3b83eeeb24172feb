package io.chorus.model;

import io.chorus.serde.Versioned;

import java.time.Instant;

/**
 * A model answer in the persistent response cache, {@code chorus.llm.cache} (key: hash of model, prompt and
 * parameters; compacted). Shared by production and experiments, so a replay of an unchanged prompt costs nothing.
 */
public record CachedResponse(Integer schemaVersion, String key, String model, String text, long tokensIn, long tokensOut,
                             Instant createdAt) implements Versioned {

    public static final int SCHEMA_VERSION = 1;
}
