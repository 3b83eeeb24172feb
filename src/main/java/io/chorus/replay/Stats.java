package io.chorus.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * Two-sample significance tests for {@code chorus compare}, as the A/B-testing lesson does it: Mann-Whitney U and
 * Kolmogorov-Smirnov for numeric samples (scores, lengths, latencies), chi-square (or Fisher's exact test when a
 * 2x2 table has small expected counts) for label counts, and Benjamini-Hochberg to correct the p-values of a whole
 * report for multiple comparisons. The tests themselves are Apache Commons Math's; this class only chooses among
 * them and refuses samples too small to test (the result is then {@link Double#NaN}, shown as "n/a").
 */
public final class Stats {

    /** Below this expected count in a cell, a 2x2 table is tested with Fisher's exact test instead of chi-square. */
    static final double MIN_EXPECTED_FOR_CHI_SQUARE = 5.0;

    private Stats() {
    }

    /** Two-sided Mann-Whitney U p-value (normal approximation with tie correction), or NaN if a sample is empty. */
    public static double mannWhitneyP(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            return Double.NaN;
        }
        if (allEqual(a, b)) {
            return 1.0; // the statistic is exactly at its mean; the approximation would divide 0 by 0
        }
        return new MannWhitneyUTest().mannWhitneyUTest(a, b);
    }

    /** Two-sided two-sample Kolmogorov-Smirnov p-value, or NaN when a sample has fewer than 2 values. */
    public static double kolmogorovSmirnovP(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(a, b);
    }

    /** The Kolmogorov-Smirnov statistic D (largest distance of the two empirical CDFs), or NaN for a small sample. */
    public static double kolmogorovSmirnovD(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        return new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(a, b);
    }

    /** Which test {@link #labelTestP} used. */
    public enum LabelTest { CHI_SQUARE, FISHER_EXACT, NONE }

    /** A p-value with the name of the test that gave it. */
    public record Tested(double p, LabelTest test) {
    }

    /**
     * Tests whether two runs distribute their records differently over the same categories (counts per label, in
     * the same order for both). Categories empty in both runs are left out. Chi-square test of homogeneity; when
     * only two categories remain and an expected count is below 5, Fisher's exact test (two-sided). NaN when either
     * run has no records or only one category is left.
     */
    public static Tested labelTestP(long[] a, long[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("both runs need the same categories: " + a.length + " vs " + b.length);
        }
        List<long[]> columns = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i] + b[i] > 0) {
                columns.add(new long[] {a[i], b[i]});
            }
        }
        long totalA = Arrays.stream(a).sum();
        long totalB = Arrays.stream(b).sum();
        if (totalA == 0 || totalB == 0 || columns.size() < 2) {
            return new Tested(Double.NaN, LabelTest.NONE);
        }
        long[][] table = new long[2][columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            table[0][j] = columns.get(j)[0];
            table[1][j] = columns.get(j)[1];
        }
        if (columns.size() == 2 && minExpected(table) < MIN_EXPECTED_FOR_CHI_SQUARE) {
            return new Tested(fisherExactP(table[0][0], table[0][1], table[1][0], table[1][1]), LabelTest.FISHER_EXACT);
        }
        return new Tested(new ChiSquareTest().chiSquareTest(table), LabelTest.CHI_SQUARE);
    }

    /**
     * Two-sided Fisher's exact test of the 2x2 table [[a, b], [c, d]]: the probability, under fixed margins, of a
     * table at most as likely as the one observed (the usual definition, as in R's {@code fisher.test}).
     */
    public static double fisherExactP(long a, long b, long c, long d) {
        int n = Math.toIntExact(a + b + c + d);
        int row1 = Math.toIntExact(a + b);
        int col1 = Math.toIntExact(a + c);
        HypergeometricDistribution h = new HypergeometricDistribution(null, n, col1, row1);
        double observed = h.probability(Math.toIntExact(a));
        double p = 0;
        for (int k = h.getSupportLowerBound(); k <= h.getSupportUpperBound(); k++) {
            double pk = h.probability(k);
            if (pk <= observed * (1 + 1e-7)) { // relative tolerance, as R uses, so equal tables are not lost to rounding
                p += pk;
            }
        }
        return Math.min(1.0, p);
    }

    /**
     * Benjamini-Hochberg adjusted p-values (false discovery rate), in the order given. NaN entries (tests that could
     * not be run) stay NaN and do not count towards the number of tests.
     */
    public static double[] benjaminiHochberg(double[] p) {
        double[] adjusted = new double[p.length];
        Arrays.fill(adjusted, Double.NaN);
        int[] order = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> p[i])).mapToInt(Integer::intValue).toArray();
        int m = order.length;
        double running = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, p[i] * m / rank);
            adjusted[i] = running;
        }
        return adjusted;
    }

    public static double mean(double[] x) {
        return x.length == 0 ? Double.NaN : Arrays.stream(x).average().orElse(Double.NaN);
    }

    /** The median (mean of the two middle values for an even count), or NaN when empty. */
    public static double median(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double[] s = x.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }

    /** The p-th percentile (0-100) by the nearest-rank method, or NaN when empty. */
    public static double percentile(double[] x, double p) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double[] s = x.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    /**
     * Cohen's kappa for two raters over the same items (labels as category indexes): agreement beyond chance.
     * 1 is perfect, 0 is chance level; NaN with no items, 1 when both always give the same single label.
     */
    public static double cohensKappa(int[] a, int[] b, int categories) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("kappa needs paired ratings: " + a.length + " vs " + b.length);
        }
        int n = a.length;
        if (n == 0) {
            return Double.NaN;
        }
        double[] pa = new double[categories];
        double[] pb = new double[categories];
        int agree = 0;
        for (int i = 0; i < n; i++) {
            pa[a[i]]++;
            pb[b[i]]++;
            if (a[i] == b[i]) {
                agree++;
            }
        }
        double po = (double) agree / n;
        double pe = 0;
        for (int k = 0; k < categories; k++) {
            pe += (pa[k] / n) * (pb[k] / n);
        }
        return pe >= 1.0 ? (po >= 1.0 ? 1.0 : 0.0) : (po - pe) / (1 - pe);
    }

    private static boolean allEqual(double[] a, double[] b) {
        double first = a[0];
        return Arrays.stream(a).allMatch(v -> v == first) && Arrays.stream(b).allMatch(v -> v == first);
    }

    private static double minExpected(long[][] table) {
        long total = 0;
        long[] rows = new long[table.length];
        long[] cols = new long[table[0].length];
        for (int i = 0; i < table.length; i++) {
            for (int j = 0; j < table[i].length; j++) {
                rows[i] += table[i][j];
                cols[j] += table[i][j];
                total += table[i][j];
            }
        }
        double min = Double.MAX_VALUE;
        for (long r : rows) {
            for (long c : cols) {
                min = Math.min(min, (double) r * c / total);
            }
        }
        return min;
    }
}
