package io.chorus.model;

import io.chorus.serde.Versioned;

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

    /**
     * The highest {@code perAuthorDailyCap} a campaign may set: more generated items per person per day than this
     * is spam, whatever the campaign says. Checked by the campaign guardrails, which refuse the campaign (a refused
     * campaign never matches), rather than by the record validator, so a bad value on the compacted campaigns topic
     * cannot stop the instance that reads it.
     */
    public static final int MAX_PER_AUTHOR_DAILY_CAP = 10;

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
