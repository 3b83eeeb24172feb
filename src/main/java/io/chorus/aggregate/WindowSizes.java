package io.chorus.aggregate;

import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/** Window size labels: {@code 30s}, {@code 1m}, {@code 1h}, {@code 1d}. */
public final class WindowSizes {

    private WindowSizes() {
    }

    public static Duration parse(String label) {
        String t = label.trim().toLowerCase(Locale.ROOT);
        try {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> null;
            };
            if (d != null && !d.isZero() && !d.isNegative()) {
                return d;
            }
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw new ConfigException("stats.windows", label, "window sizes look like 30s, 1m, 1h or 1d");
    }
}
