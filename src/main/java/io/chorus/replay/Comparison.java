package io.chorus.replay;

import java.util.List;

/**
 * The result of {@code chorus compare}: a side-by-side table of two runs over the posts both processed, the
 * significance tests of every compared distribution (p-values corrected together with Benjamini-Hochberg), and
 * histograms for the charts of the HTML report.
 *
 * @param rows      one line per measure; values already formatted for display
 * @param tests     every test that could be run (n/a ones included, with NaN p-values)
 * @param charts    histograms, same bins for both runs
 */
public record Comparison(String runA, String runB, double alpha, List<Row> rows, List<TestRow> tests, List<Chart> charts) {

    /** One measure of the table. {@code section} groups rows (counts, input sentiment, agreement, generated, model). */
    public record Row(String section, String measure, String a, String b) {
    }

    /**
     * One significance test of one distribution.
     *
     * @param statistic the test statistic (U, D or chi-square; NaN for Fisher's exact test)
     * @param p         the raw two-sided p-value, NaN when the samples were too small
     * @param adjusted  the Benjamini-Hochberg adjusted p-value over all tests of the report
     */
    public record TestRow(String distribution, String test, int nA, int nB, double statistic, double p, double adjusted, boolean significant) {
    }

    /** A histogram of one measure for both runs. */
    public record Chart(String title, List<String> bins, long[] a, long[] b) {
    }

    /** The row with this measure, for tests and callers that need one number. */
    public Row row(String measure) {
        return rows.stream().filter(r -> r.measure().equals(measure)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row '" + measure + "'"));
    }

    /** The test of this distribution and test name (e.g. "input sentiment score", "Kolmogorov-Smirnov"). */
    public TestRow test(String distribution, String test) {
        return tests.stream().filter(t -> t.distribution().equals(distribution) && t.test().equals(test)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no test " + test + " of '" + distribution + "'"));
    }
}
