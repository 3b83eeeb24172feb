package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Agreement of predicted labels (and optionally scores) with gold labels: the confusion matrix, recall per class,
 * macro-averaged recall (SemEval's headline measure for three-class tweet sentiment), accuracy, and for posts that
 * carry a 0–100 reference score, Spearman's rank correlation and mean absolute error against it.
 *
 * <p>An {@link SentimentLabel#UNSCORED} prediction is counted in its own column and as a miss for its gold class:
 * declining to judge is never rewarded.
 */
public final class SentimentMetrics {

    private final long[][] confusion = new long[3][4];
    private final List<double[]> scorePairs = new ArrayList<>();

    /** Records one post: gold class, predicted label and score, and a reference score (NaN when none). */
    public void add(SentimentLabel gold, Sentiment predicted, double reference) {
        if (gold == null || gold == SentimentLabel.UNSCORED) {
            throw new IllegalArgumentException("gold label must be negative, neutral or positive");
        }
        confusion[gold.ordinal()][predicted.label().ordinal()]++;
        if (!Double.isNaN(reference) && predicted.scored()) {
            scorePairs.add(new double[] {predicted.score(), reference});
        }
    }

    public long total() {
        long n = 0;
        for (long[] row : confusion) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    public long unscored() {
        long n = 0;
        for (long[] row : confusion) {
            n += row[SentimentLabel.UNSCORED.ordinal()];
        }
        return n;
    }

    /** Rows gold (negative, neutral, positive); columns predicted (negative, neutral, positive, unscored). */
    public long[][] confusion() {
        long[][] copy = new long[3][];
        for (int i = 0; i < 3; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    public double recall(SentimentLabel gold) {
        long[] row = confusion[gold.ordinal()];
        long n = 0;
        for (long c : row) {
            n += c;
        }
        return n == 0 ? Double.NaN : (double) row[gold.ordinal()] / n;
    }

    /** Mean of the three recalls (classes with no gold posts are left out). */
    public double macroRecall() {
        double sum = 0;
        int k = 0;
        for (SentimentLabel c : SentimentLabel.CLASSES) {
            double r = recall(c);
            if (!Double.isNaN(r)) {
                sum += r;
                k++;
            }
        }
        return k == 0 ? Double.NaN : sum / k;
    }

    public double accuracy() {
        long right = 0;
        for (int i = 0; i < 3; i++) {
            right += confusion[i][i];
        }
        long n = total();
        return n == 0 ? Double.NaN : (double) right / n;
    }

    /** Posts that had a reference score and were judged. */
    public int referenced() {
        return scorePairs.size();
    }

    public double spearman() {
        if (scorePairs.size() < 3) {
            return Double.NaN;
        }
        double[] a = new double[scorePairs.size()];
        double[] b = new double[scorePairs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = scorePairs.get(i)[0];
            b[i] = scorePairs.get(i)[1];
        }
        return new SpearmansCorrelation().correlation(a, b);
    }

    public double meanAbsoluteError() {
        if (scorePairs.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (double[] p : scorePairs) {
            sum += Math.abs(p[0] - p[1]);
        }
        return sum / scorePairs.size();
    }

    /** The figures as a JSON-friendly map. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("posts", total());
        m.put("macroRecall", round(macroRecall()));
        m.put("accuracy", round(accuracy()));
        Map<String, Object> recall = new LinkedHashMap<>();
        for (SentimentLabel c : SentimentLabel.CLASSES) {
            recall.put(c.name().toLowerCase(Locale.ROOT), round(recall(c)));
        }
        m.put("recall", recall);
        Map<String, Object> matrix = new LinkedHashMap<>();
        for (SentimentLabel g : SentimentLabel.CLASSES) {
            Map<String, Long> row = new LinkedHashMap<>();
            for (SentimentLabel p : SentimentLabel.values()) {
                row.put(p.name().toLowerCase(Locale.ROOT), confusion[g.ordinal()][p.ordinal()]);
            }
            matrix.put(g.name().toLowerCase(Locale.ROOT), row);
        }
        m.put("confusion", matrix);
        m.put("unscored", unscored());
        if (!scorePairs.isEmpty()) {
            m.put("referenced", scorePairs.size());
            m.put("spearman", round(spearman()));
            m.put("meanAbsoluteError", round(meanAbsoluteError()));
        }
        return m;
    }

    /** A human-readable table. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "posts %d, macro-recall %.4f, accuracy %.4f, unscored %d%n", total(), macroRecall(), accuracy(), unscored()));
        sb.append(String.format(Locale.ROOT, "recall: negative %.4f, neutral %.4f, positive %.4f%n",
                recall(SentimentLabel.NEGATIVE), recall(SentimentLabel.NEUTRAL), recall(SentimentLabel.POSITIVE)));
        sb.append(String.format(Locale.ROOT, "%-14s %9s %9s %9s %9s%n", "gold\\predicted", "negative", "neutral", "positive", "unscored"));
        for (SentimentLabel g : SentimentLabel.CLASSES) {
            long[] row = confusion[g.ordinal()];
            sb.append(String.format(Locale.ROOT, "%-14s %9d %9d %9d %9d%n", g.name().toLowerCase(Locale.ROOT), row[0], row[1], row[2], row[3]));
        }
        if (!scorePairs.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "reference scores on %d posts: Spearman %.4f, MAE %.2f%n", scorePairs.size(), spearman(), meanAbsoluteError()));
        }
        return sb.toString();
    }

    private static double round(double v) {
        return Double.isNaN(v) ? Double.NaN : Math.round(v * 10000) / 10000.0;
    }
}
