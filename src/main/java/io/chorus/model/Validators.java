package io.chorus.model;

import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import io.chorus.serde.RecordValidator;
import java.time.Clock;
import java.time.Duration;

/**
 * The rules of input records that their topic's JSON Schema cannot express. Everything a schema can say (required
 * fields, types, non-blank ids, sizes from {@code input.max.text.chars} and {@code input.max.field.chars}, ranges,
 * formats) is in {@code topics/*.json} and enforced by {@code io.chorus.topics.TopicSchemas}; parse-level checks live
 * in {@link io.chorus.serde.JsonSerde}. What is left here compares a value with the clock or with Kafka's limits,
 * which JSON Schema has no keyword for ({@code format: date-time} says only that a date is well-formed).
 */
public final class Validators {

    private Validators() {
    }

    /**
     * A post's {@code createdAt}, when present, lies between 1970-01-01 and {@code maxFuture} ahead of {@code clock}:
     * Kafka Streams cannot process negative event times (it would skip the record without a trace), and brokers refuse
     * records timestamped more than an hour ahead by default, which would stop the stream.
     */
    public static RecordValidator<Post> post(Duration maxFuture, Clock clock) {
        return post -> {
            if (post.createdAt() != null && post.createdAt().toEpochMilli() < 0) {
                throw new InvalidRecordException(ErrorReason.OUT_OF_RANGE, "field 'createdAt' (" + post.createdAt()
                        + ") is before 1970-01-01T00:00:00Z, which Kafka timestamps cannot represent");
            }
            if (post.createdAt() != null && post.createdAt().isAfter(clock.instant().plus(maxFuture))) {
                throw new InvalidRecordException(ErrorReason.OUT_OF_RANGE, "field 'createdAt' (" + post.createdAt()
                        + ") is more than " + maxFuture.toMinutes() + " min in the future (input.max.future.ms); brokers refuse such timestamps");
            }
        };
    }
}
