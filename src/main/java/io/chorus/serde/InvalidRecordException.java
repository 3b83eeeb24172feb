package io.chorus.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that cannot be used, with a machine-readable {@link ErrorReason} and a message for humans.
 * It is a {@link SerializationException} so Kafka Streams hands it to the deserialization exception handler,
 * which dead-letters the raw record instead of stopping the stream.
 */
public class InvalidRecordException extends SerializationException {

    private final ErrorReason reason;

    public InvalidRecordException(ErrorReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidRecordException(ErrorReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public ErrorReason reason() {
        return reason;
    }
}
