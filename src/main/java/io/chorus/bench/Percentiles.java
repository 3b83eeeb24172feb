package io.chorus.bench;

import java.util.Arrays;

/**
 * Summary of a sample of durations (nearest-rank percentiles over a sorted copy). HdrHistogram is only a runtime
 * dependency of Micrometer here, so the benchmarks sort plain arrays: a few hundred thousand longs sort in
 * milliseconds, after the measured interval.
 *
 * @param count number of samples
 * @param p50Ms median, in milliseconds
 * @param p99Ms 99th percentile, in milliseconds
 */
public record Percentiles(int count, double p50Ms, double p90Ms, double p99Ms, double maxMs, double meanMs) {

    public static final Percentiles EMPTY = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Percentiles of {@code nanos[from..to)}; the array is not modified. */
    public static Percentiles ofNanos(long[] nanos, int from, int to) {
        if (to <= from) {
            return EMPTY;
        }
        long[] sorted = Arrays.copyOfRange(nanos, from, to);
        Arrays.sort(sorted);
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new Percentiles(sorted.length, ms(rank(sorted, 0.50)), ms(rank(sorted, 0.90)), ms(rank(sorted, 0.99)),
                ms(sorted[sorted.length - 1]), sum / sorted.length / 1e6);
    }

    /** The summary of a histogram of nanoseconds (HdrHistogram, 3 significant digits). */
    public static Percentiles of(org.HdrHistogram.Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Percentiles((int) nanos.getTotalCount(), ms(nanos.getValueAtPercentile(50)), ms(nanos.getValueAtPercentile(90)),
                ms(nanos.getValueAtPercentile(99)), ms(nanos.getMaxValue()), nanos.getMean() / 1e6);
    }

    /** The same summary with {@code nanos} subtracted from every value (e.g. the model's own latency). */
    public Percentiles minus(long nanos) {
        double d = nanos / 1e6;
        return count == 0 ? this : new Percentiles(count, p50Ms - d, p90Ms - d, p99Ms - d, maxMs - d, meanMs - d);
    }

    /** Nearest-rank percentile: the smallest value with at least {@code q} of the sample at or below it. */
    static long rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
