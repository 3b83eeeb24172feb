package io.chorus.cli;

/** Exit codes of every command. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int CONFIG = 3;

    private ExitCodes() {
    }
}
