package io.chorus.replay;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The period a replay covers: inputs from the first offset whose timestamp is at or after {@code from}, up to the
 * offsets of {@code to} (or, when {@code to} is null, the end offsets when the replay starts); within that, only
 * posts whose event time is in [from, to) are processed.
 */
public record ReplayRange(Instant from, Instant to) {

    public ReplayRange {
        if (from == null) {
            throw new IllegalArgumentException("a replay needs a start time (--from)");
        }
        if (to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("--to (" + to + ") must be after --from (" + from + ")");
        }
    }

    /**
     * Reads an ISO-8601 instant ({@code 2026-11-01T08:00:00Z}) or epoch milliseconds ({@code 1793433600000}).
     *
     * @param option the option being read, named in the error
     */
    public static Instant parseTime(String option, String text) {
        String t = text == null ? "" : text.trim();
        if (t.matches("-?\\d+")) {
            return Instant.ofEpochMilli(Long.parseLong(t));
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": cannot read '" + text
                    + "' as a time; use an ISO-8601 instant such as 2026-11-01T08:00:00Z, or epoch milliseconds");
        }
    }
}
