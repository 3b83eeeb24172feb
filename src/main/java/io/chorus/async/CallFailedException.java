package io.chorus.async;

import io.chorus.serde.ErrorReason;

/**
 * A model call that will not succeed: either its error cannot be fixed by retrying
 * ({@link ErrorReason#MODEL_NON_RETRIABLE}) or the retry budget is spent ({@link ErrorReason#MODEL_RETRIES_EXHAUSTED}).
 * The input goes to the dead-letter topic with this reason and message.
 */
public final class CallFailedException extends RuntimeException {

    private final ErrorReason reason;
    private final int attempts;

    public CallFailedException(ErrorReason reason, int attempts, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.attempts = attempts;
    }

    public ErrorReason reason() {
        return reason;
    }

    public int attempts() {
        return attempts;
    }
}
