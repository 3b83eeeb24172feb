package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

/**
 * Cut points on the 0–100 score: a score at or below {@code negativeAtOrBelow} is NEGATIVE, at or above
 * {@code positiveAtOrAbove} POSITIVE, neutral between. Trained scorers tune them for macro-averaged recall on
 * out-of-fold predictions of the training data (never on evaluation data), so the label always follows from the
 * score and dashboards that bucket scores agree with the labels.
 */
public record LabelThresholds(double negativeAtOrBelow, double positiveAtOrAbove) {

    public static final LabelThresholds VADER = new LabelThresholds(SentimentLabel.NEGATIVE_AT_OR_BELOW, SentimentLabel.POSITIVE_AT_OR_ABOVE);

    public LabelThresholds {
        if (!(negativeAtOrBelow >= 0 && negativeAtOrBelow < positiveAtOrAbove && positiveAtOrAbove <= 100)) {
            throw new IllegalArgumentException("need 0 <= negativeAtOrBelow < positiveAtOrAbove <= 100, got "
                    + negativeAtOrBelow + ", " + positiveAtOrAbove);
        }
    }

    public SentimentLabel label(double score) {
        if (score <= negativeAtOrBelow) {
            return SentimentLabel.NEGATIVE;
        }
        if (score >= positiveAtOrAbove) {
            return SentimentLabel.POSITIVE;
        }
        return SentimentLabel.NEUTRAL;
    }
}
