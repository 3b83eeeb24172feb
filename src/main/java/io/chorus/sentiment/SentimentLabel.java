package io.chorus.sentiment;

/**
 * Coarse sentiment label. The thresholds mirror VADER's conventional compound thresholds of +/-0.05,
 * which on the 0-100 scale ({@code 50 + 50 * compound}) are 47.5 and 52.5.
 */
public enum SentimentLabel {
    NEGATIVE, NEUTRAL, POSITIVE;

    public static final double NEGATIVE_AT_OR_BELOW = 47.5;
    public static final double POSITIVE_AT_OR_ABOVE = 52.5;

    public static SentimentLabel fromScore(double score) {
        if (score <= NEGATIVE_AT_OR_BELOW) {
            return NEGATIVE;
        }
        if (score >= POSITIVE_AT_OR_ABOVE) {
            return POSITIVE;
        }
        return NEUTRAL;
    }
}
