package io.chorus.model;

import static io.chorus.serde.RecordValidator.require;

import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import io.chorus.serde.RecordValidator;
import java.time.Clock;
import java.time.Duration;

/** The validation rules of each input record type; parse-level checks live in {@link io.chorus.serde.JsonSerde}. */
public final class Validators {

    private Validators() {
    }

    /** A post needs an id, an author and a text no longer than {@code maxTextChars} characters. */
    public static RecordValidator<Post> post(int maxTextChars) {
        return post(maxTextChars, Duration.ofHours(1), Clock.systemUTC());
    }

    /**
     * As {@link #post(int)}, and {@code createdAt} may lie at most {@code maxFuture} ahead of {@code clock}: Kafka
     * brokers refuse records timestamped more than an hour ahead by default, which would stop the stream.
     */
    public static RecordValidator<Post> post(int maxTextChars, Duration maxFuture, Clock clock) {
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
        };
    }

    /** A profile needs a user id; bios longer than {@code maxTextChars} are refused. */
    public static RecordValidator<Profile> profile(int maxTextChars) {
        return profile -> {
            require("userId", profile.userId());
            if (profile.bio() != null && profile.bio().length() > maxTextChars) {
                throw new InvalidRecordException(ErrorReason.TOO_LARGE, "field 'bio' has " + profile.bio().length()
                        + " characters, over the limit of " + maxTextChars + " (input.max.text.chars)");
            }
        };
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
