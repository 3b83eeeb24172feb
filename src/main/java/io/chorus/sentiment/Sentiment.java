package io.chorus.sentiment;

/**
 * One sentiment judgement.
 *
 * @param score 0 (very negative) to 100 (very positive), 50 neutral
 * @param label the label derived from {@code score} with {@link SentimentLabel#fromScore(double)}
 */
public record Sentiment(double score, SentimentLabel label) {

    public Sentiment {
        if (Double.isNaN(score) || score < 0 || score > 100) {
            throw new IllegalArgumentException("sentiment score must be within 0..100, got " + score);
        }
        if (label == null) {
            throw new IllegalArgumentException("label must not be null");
        }
    }

    /** A sentiment whose label is derived from the score. */
    public static Sentiment ofScore(double score) {
        return new Sentiment(score, SentimentLabel.fromScore(score));
    }
}
