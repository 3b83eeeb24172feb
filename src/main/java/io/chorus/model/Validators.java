package io.chorus.model;

import static io.chorus.serde.RecordValidator.require;

import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import io.chorus.serde.RecordValidator;
import java.time.Clock;
import java.time.Duration;

/** The validation rules of each input record type; parse-level checks live in {@link io.chorus.serde.JsonSerde}. */
public final class Validators {

    /** The default of {@code input.max.field.chars}. */
    public static final int DEFAULT_MAX_FIELD_CHARS = 1_000;

    private Validators() {
    }

    /** A post needs an id, an author and a text no longer than {@code maxTextChars} characters. */
    public static RecordValidator<Post> post(int maxTextChars) {
        return post(maxTextChars, Duration.ofHours(1), Clock.systemUTC());
    }

    public static RecordValidator<Post> post(int maxTextChars, Duration maxFuture, Clock clock) {
        return post(maxTextChars, DEFAULT_MAX_FIELD_CHARS, maxFuture, clock);
    }

    /**
     * As {@link #post(int)}, and {@code createdAt} may lie at most {@code maxFuture} ahead of {@code clock}: Kafka
     * brokers refuse records timestamped more than an hour ahead by default, which would stop the stream.
     */
    public static RecordValidator<Post> post(int maxTextChars, int maxFieldChars, Duration maxFuture, Clock clock) {
        return post -> {
            require("id", post.id());
            require("authorId", post.authorId());
            if (post.text() == null) {
                throw new InvalidRecordException(ErrorReason.MISSING_FIELD, "required field 'text' is missing");
            }
            if (post.createdAt() != null && post.createdAt().toEpochMilli() < 0) {
                // Kafka Streams cannot process negative event times: it would skip the record without a trace.
                throw new InvalidRecordException(ErrorReason.OUT_OF_RANGE, "field 'createdAt' (" + post.createdAt()
                        + ") is before 1970-01-01T00:00:00Z, which Kafka timestamps cannot represent");
            }
            if (post.createdAt() != null && post.createdAt().isAfter(clock.instant().plus(maxFuture))) {
                throw new InvalidRecordException(ErrorReason.OUT_OF_RANGE, "field 'createdAt' (" + post.createdAt()
                        + ") is more than " + maxFuture.toMinutes() + " min in the future (input.max.future.ms); brokers refuse such timestamps");
            }
            if (post.text().length() > maxTextChars) {
                throw new InvalidRecordException(ErrorReason.TOO_LARGE, "field 'text' has " + post.text().length()
                        + " characters, over the limit of " + maxTextChars + " (input.max.text.chars)");
            }
            capField("id", post.id(), maxFieldChars);
            capField("authorId", post.authorId(), maxFieldChars);
            capField("lang", post.lang(), maxFieldChars);
            capField("replyTo", post.replyTo(), maxFieldChars);
            for (int i = 0; i < post.images().size(); i++) {
                ImageRef image = post.images().get(i);
                if (image != null) {
                    capField("images[" + i + "].url", image.url(), maxFieldChars);
                    capText("images[" + i + "].altText", image.altText(), maxTextChars);
                }
            }
        };
    }

    /** A profile needs a user id; bios longer than {@code maxTextChars} are refused. */
    public static RecordValidator<Profile> profile(int maxTextChars) {
        return profile(maxTextChars, DEFAULT_MAX_FIELD_CHARS);
    }

    /**
     * As {@link #profile(int)}, and the short fields (name, handle, location, image URL) at most {@code maxFieldChars}:
     * they are copied into every enriched post and persona, so one huge name would make every output of its author too
     * large to send.
     */
    public static RecordValidator<Profile> profile(int maxTextChars, int maxFieldChars) {
        return profile -> {
            require("userId", profile.userId());
            capText("bio", profile.bio(), maxTextChars);
            capField("userId", profile.userId(), maxFieldChars);
            capField("name", profile.name(), maxFieldChars);
            capField("handle", profile.handle(), maxFieldChars);
            capField("location", profile.location(), maxFieldChars);
            capField("imageUrl", profile.imageUrl(), maxFieldChars);
        };
    }

    private static void capText(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidRecordException(ErrorReason.TOO_LARGE, "field '" + field + "' has " + value.length()
                    + " characters, over the limit of " + max + " (input.max.text.chars)");
        }
    }

    private static void capField(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidRecordException(ErrorReason.TOO_LARGE, "field '" + field + "' has " + value.length()
                    + " characters, over the limit of " + max + " (input.max.field.chars)");
        }
    }

    /** A campaign needs an id, a topic and a content type. */
    public static RecordValidator<Campaign> campaign() {
        return campaign -> {
            require("id", campaign.id());
            require("topic", campaign.topic());
            require("contentType", campaign.contentType());
            if (campaign.targetSentiment() != null
                    && (campaign.targetSentiment() < 0 || campaign.targetSentiment() > 100)) {
                throw new InvalidRecordException(ErrorReason.WRONG_TYPE, "field 'targetSentiment' must be within 0..100");
            }
        };
    }
}
