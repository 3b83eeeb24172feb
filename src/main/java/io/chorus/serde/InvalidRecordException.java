package io.chorus.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that cannot be used, with a machine-readable {@link ErrorReason} and a message for humans.
 * It is a {@link SerializationException} so Kafka Streams hands it to the deserialization exception handler,
 * which dead-letters the raw record instead of stopping the stream.
 */
public class InvalidRecordException extends SerializationException {

    private final ErrorReason reason;
    private final String violation;

    public InvalidRecordException(ErrorReason reason, String message) {
        this(reason, message, (String) null);
    }

    /** A record that breaks its topic's schema: {@code violation} names the field path and the rule (see {@link JsonSchemaCheck}). */
    public InvalidRecordException(ErrorReason reason, String message, String violation) {
        super(message);
        this.reason = reason;
        this.violation = violation;
    }

    public InvalidRecordException(ErrorReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.violation = null;
    }

    public ErrorReason reason() {
        return reason;
    }

    /** The schema rule broken, as {@code path: rule} (e.g. {@code text: maxLength 10000 (input.max.text.chars)}), or null. */
    public String violation() {
        return violation;
    }
}
