package io.chorus.http;

/**
 * An API answer other than success, with the HTTP status and a message the caller can act on (it names the
 * parameter, the store or the instance involved). Thrown by handlers; the server writes it as {@code {"error": ...}}.
 */
final class ApiError extends RuntimeException {

    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiError badParameter(String name, String problem) {
        return new ApiError(400, "query parameter '" + name + "': " + problem);
    }

    static ApiError unavailable(String message) {
        return new ApiError(503, message);
    }

    int status() {
        return status;
    }
}
