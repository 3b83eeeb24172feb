package io.chorus.cli;

/** A mistake the user can fix (a missing file, a bad argument); printed without a stack trace. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
