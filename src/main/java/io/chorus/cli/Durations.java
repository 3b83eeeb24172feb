package io.chorus.cli;

import java.time.Duration;
import java.util.Locale;

/** Parses human durations: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, or ISO-8601 ({@code PT5M}). */
final class Durations {

    private Durations() {
    }

    static Duration parse(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new UserError(option + ": cannot read '" + text + "' as a duration; use e.g. 250ms, 30s, 5m, 1h");
        }
    }
}
