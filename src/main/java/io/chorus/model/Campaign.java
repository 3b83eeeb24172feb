package io.chorus.model;

import java.time.Instant;
import java.util.List;

/**
 * An operator-defined campaign on {@code chorus.campaigns} (key: campaign id; compacted): promote
 * {@code topic} with {@code stance} to {@code audience} as content of type {@code contentType}.
 * Generated content always carries {@code disclosure}.
 */
public record Campaign(Integer schemaVersion, String id, String topic, String stance, ContentType contentType,
                       Audience audience, List<String> styleExamples, Double targetSentiment,
                       Integer perAuthorDailyCap, String disclosure, Instant activeFrom, Instant activeTo,
                       Boolean enabled) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public Campaign {
        styleExamples = styleExamples == null ? List.of() : List.copyOf(styleExamples);
    }

    /** True when enabled and {@code at} lies in the active window (open bounds are unlimited). */
    public boolean isActiveAt(Instant at) {
        return Boolean.TRUE.equals(enabled)
                && (activeFrom == null || !at.isBefore(activeFrom))
                && (activeTo == null || !at.isAfter(activeTo));
    }
}
