package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

/**
 * The calibrated mapping from class probabilities to the 0–100 scale: {@code 50 + 50 * (P(pos) - P(neg))}, so a
 * score of 80 means the positive class is 60 points more probable than the negative one, and 50 means they balance
 * (which a confident neutral and an undecided post both give; the confidence tells them apart).
 */
public final class Probabilities {

    private Probabilities() {
    }

    /** {@code p} in class order negative, neutral, positive. */
    public static double score(double[] p) {
        return Math.max(0, Math.min(100, 50 + 50 * (p[2] - p[0])));
    }

    /** The judgement for probabilities {@code p}: score, label by {@code thresholds}, confidence P(label). */
    public static Sentiment judge(double[] p, LabelThresholds thresholds) {
        double score = score(p);
        SentimentLabel label = thresholds.label(score);
        double confidence = p[label.ordinal()];
        return new Sentiment(score, label, Math.max(0, Math.min(1, confidence)), null);
    }

    /** In-place softmax of {@code logits} divided by {@code temperature}. */
    static void softmax(double[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l / temperature);
        }
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            logits[k] = Math.exp(logits[k] / temperature - max);
            sum += logits[k];
        }
        for (int k = 0; k < logits.length; k++) {
            logits[k] /= sum;
        }
    }
}
