package io.chorus.llm;

/**
 * A failed model call, classified once so that the async processor can decide: retry (rate limited, server
 * error, timeout, connection trouble) or dead-letter at once (authentication, permission, invalid request).
 */
public class ModelCallException extends Exception {

    /** Why the call failed. */
    public enum Kind {
        RATE_LIMITED(true), SERVER_ERROR(true), TIMEOUT(true), CONNECTION(true), UNPARSEABLE_ANSWER(true),
        AUTHENTICATION(false), PERMISSION(false), INVALID_REQUEST(false), NOT_FOUND(false), OTHER(false);

        private final boolean retriable;

        Kind(boolean retriable) {
            this.retriable = retriable;
        }

        public boolean retriable() {
            return retriable;
        }
    }

    private final Kind kind;
    private final int httpStatus;
    private final Long retryAfterMs;

    public ModelCallException(Kind kind, int httpStatus, String message, Long retryAfterMs, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfterMs = retryAfterMs;
    }

    public ModelCallException(Kind kind, String message) {
        this(kind, -1, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retriable() {
        return kind.retriable();
    }

    /** HTTP status, or -1 when there was no HTTP answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The server's Retry-After in milliseconds, or null. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }

    /** Maps an HTTP status to its kind: 429 and 5xx retriable; 400, 401, 403, 404 not. */
    public static Kind kindOfStatus(int status) {
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        if (status >= 500) {
            return Kind.SERVER_ERROR;
        }
        return switch (status) {
            case 401 -> Kind.AUTHENTICATION;
            case 403 -> Kind.PERMISSION;
            case 404 -> Kind.NOT_FOUND;
            case 408 -> Kind.TIMEOUT;
            case 400, 413, 422 -> Kind.INVALID_REQUEST;
            default -> Kind.OTHER;
        };
    }
}
