package io.chorus.model;

/**
 * Coarse sentiment label. For scores without probabilities (VADER) the thresholds mirror VADER's conventional
 * compound thresholds of +/-0.05, which on the 0-100 scale ({@code 50 + 50 * compound}) are 47.5 and 52.5; trained
 * scorers carry their own thresholds, tuned by cross-validation (see {@link LabelThresholds}).
 * {@link #UNSCORED} marks a post the scorer declined to judge (its reason travels with it): it is not neutral.
 */
public enum SentimentLabel {
    NEGATIVE, NEUTRAL, POSITIVE, UNSCORED;

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

    /** The three judged classes, in the index order trained models use (0 negative, 1 neutral, 2 positive). */
    public static final SentimentLabel[] CLASSES = {NEGATIVE, NEUTRAL, POSITIVE};
}
