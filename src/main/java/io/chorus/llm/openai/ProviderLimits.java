package io.chorus.llm.openai;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the provider says about its own limits, read from the headers of every answer: OpenAI's
 * {@code x-ratelimit-remaining-requests} / {@code x-ratelimit-reset-requests} (and the same for tokens), and
 * {@code Retry-After} / {@code retry-after-ms} on a 429. Thread-safe; the latest answer wins.
 */
public final class ProviderLimits {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    /** Epoch-ms until which the provider said it has no requests (or tokens) left; 0 when it did not. */
    private volatile long exhaustedUntilMs;

    /** Notes the limits an answer's headers report. */
    void observe(Map<String, List<String>> headers, long nowMs) {
        long until = 0;
        for (String kind : List.of("requests", "tokens")) {
            String remaining = first(headers, "x-ratelimit-remaining-" + kind);
            Long reset = parseDurationMs(first(headers, "x-ratelimit-reset-" + kind));
            if (remaining != null && reset != null && isZero(remaining)) {
                until = Math.max(until, nowMs + reset);
            }
        }
        exhaustedUntilMs = until;
    }

    /** How long to wait before the next call so as not to be refused, per the last answer; zero when no need. */
    public Duration pause(long nowMs) {
        return Duration.ofMillis(Math.max(0, exhaustedUntilMs - nowMs));
    }

    /** The wait a refused answer asks for: {@code retry-after-ms}, else {@code Retry-After} in seconds; null if none. */
    static Long retryAfterMs(Map<String, List<String>> headers) {
        String ms = first(headers, "retry-after-ms");
        if (ms != null) {
            try {
                return Math.max(0, (long) Double.parseDouble(ms.trim()));
            } catch (NumberFormatException ignored) {
                // fall back to Retry-After
            }
        }
        String seconds = first(headers, "retry-after");
        if (seconds != null) {
            try {
                return Math.max(0, (long) (Double.parseDouble(seconds.trim()) * 1000));
            } catch (NumberFormatException ignored) {
                return null; // an HTTP date: rare from model endpoints; the backoff applies
            }
        }
        return null;
    }

    /** Parses OpenAI's reset durations: {@code 20ms}, {@code 1s}, {@code 6m0s}, {@code 1h2m3.5s}; null if not one. */
    static Long parseDurationMs(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Matcher m = DURATION_PART.matcher(text.trim().toLowerCase(Locale.ROOT));
        double ms = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            double v = Double.parseDouble(m.group(1));
            ms += switch (m.group(2)) {
                case "ms" -> v;
                case "s" -> v * 1_000;
                case "m" -> v * 60_000;
                default -> v * 3_600_000;
            };
            end = m.end();
        }
        return end == text.trim().length() && end > 0 ? (long) Math.ceil(ms) : null;
    }

    private static boolean isZero(String number) {
        try {
            return Double.parseDouble(number.trim()) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (var e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
