package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

/**
 * One sentiment judgement.
 *
 * @param score      0 (very negative) to 100 (very positive), 50 neutral. For a trained scorer it is
 *                   {@code 50 + 50 * (P(positive) - P(negative))}; for {@link SentimentLabel#UNSCORED} it carries no
 *                   meaning (it is 50 only because the field is a number) and consumers must skip it
 * @param label      the label; for scorers without probabilities it is derived from {@code score} with
 *                   {@link SentimentLabel#fromScore(double)}
 * @param confidence the scorer's probability that {@code label} is right (0..1), 0 for UNSCORED, or null when the
 *                   scorer has no calibrated probabilities (VADER, a model's bare number)
 * @param reason     why the post was not scored (UNSCORED only), e.g. the language it is in; null otherwise
 */
public record Sentiment(double score, SentimentLabel label, Double confidence, String reason) {

    public Sentiment {
        if (Double.isNaN(score) || score < 0 || score > 100) {
            throw new IllegalArgumentException("sentiment score must be within 0..100, got " + score);
        }
        if (label == null) {
            throw new IllegalArgumentException("label must not be null");
        }
        if (confidence != null && (confidence.isNaN() || confidence < 0 || confidence > 1)) {
            throw new IllegalArgumentException("confidence must be within 0..1, got " + confidence);
        }
        if ((label == SentimentLabel.UNSCORED) != (reason != null)) {
            throw new IllegalArgumentException("a reason is required for UNSCORED and only for UNSCORED");
        }
    }

    /** A judgement without a confidence. */
    public Sentiment(double score, SentimentLabel label) {
        this(score, label, null, null);
    }

    /** A sentiment whose label is derived from the score. */
    public static Sentiment ofScore(double score) {
        return new Sentiment(score, SentimentLabel.fromScore(score));
    }

    /** A post the scorer declines to judge, saying why (never a silent neutral). */
    public static Sentiment unscored(String reason) {
        return new Sentiment(50, SentimentLabel.UNSCORED, 0.0, reason);
    }

    public boolean scored() {
        return label != SentimentLabel.UNSCORED;
    }
}
