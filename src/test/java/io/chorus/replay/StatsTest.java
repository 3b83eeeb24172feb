package io.chorus.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Proves the significance tests of chorus compare give the known answers: no difference, a clear shift, and BH correction. */
class StatsTest {

    private static final double[] SAMPLE = IntStream.range(0, 60).mapToDouble(i -> (i * 37) % 101).toArray();

    @Test
    void identicalSamplesAreNotDifferent() {
        assertThat(Stats.mannWhitneyP(SAMPLE, SAMPLE.clone())).isCloseTo(1.0, within(1e-9));
        assertThat(Stats.kolmogorovSmirnovP(SAMPLE, SAMPLE.clone())).isGreaterThan(0.99);
        assertThat(Stats.kolmogorovSmirnovD(SAMPLE, SAMPLE.clone())).isEqualTo(0.0);
    }

    @Test
    void clearlyShiftedSamplesAreDifferent() {
        double[] shifted = IntStream.range(0, SAMPLE.length).mapToDouble(i -> SAMPLE[i] + 40).toArray();
        assertThat(Stats.mannWhitneyP(SAMPLE, shifted)).isLessThan(0.01);
        assertThat(Stats.kolmogorovSmirnovP(SAMPLE, shifted)).isLessThan(0.01);
    }

    @Test
    void constantEqualSamplesGiveOneInsteadOfNaN() {
        assertThat(Stats.mannWhitneyP(new double[] {50, 50, 50}, new double[] {50, 50})).isEqualTo(1.0);
    }

    @Test
    void tooSmallSamplesAreNotTested() {
        assertThat(Stats.mannWhitneyP(new double[0], SAMPLE)).isNaN();
        assertThat(Stats.kolmogorovSmirnovP(new double[] {1}, SAMPLE)).isNaN();
        assertThat(Stats.labelTestP(new long[] {0, 0, 0}, new long[] {1, 2, 3}).p()).isNaN();
    }

    @Test
    void benjaminiHochbergMatchesTheTextbookExample() {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02
        double[] adjusted = Stats.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.005});
        assertThat(adjusted).containsExactly(new double[] {0.02, 0.04, 0.04, 0.02}, within(1e-12));
    }

    @Test
    void benjaminiHochbergSkipsUntestedEntriesAndCapsAtOne() {
        // R: p.adjust(c(0.01, 0.5, 0.9), "BH") = 0.03 0.75 0.90; the NaN is not a test and stays NaN
        double[] adjusted = Stats.benjaminiHochberg(new double[] {0.01, Double.NaN, 0.5, 0.9});
        assertThat(adjusted[0]).isCloseTo(0.03, within(1e-12));
        assertThat(adjusted[1]).isNaN();
        assertThat(adjusted[2]).isCloseTo(0.75, within(1e-12));
        assertThat(adjusted[3]).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void fisherExactMatchesTheLadyTastingTea() {
        // R: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value = 0.4857143
        assertThat(Stats.fisherExactP(3, 1, 1, 3)).isCloseTo(0.4857143, within(1e-6));
        // R: fisher.test(matrix(c(10, 0, 0, 10), 2))$p.value = 1.082509e-05
        assertThat(Stats.fisherExactP(10, 0, 0, 10)).isCloseTo(1.082509e-05, within(1e-10));
    }

    @Test
    void labelCountsUseChiSquareOrFisherForSmallTables() {
        Stats.Tested same = Stats.labelTestP(new long[] {30, 40, 30}, new long[] {30, 40, 30});
        assertThat(same.test()).isEqualTo(Stats.LabelTest.CHI_SQUARE);
        assertThat(same.p()).isCloseTo(1.0, within(1e-9));

        Stats.Tested different = Stats.labelTestP(new long[] {80, 10, 10}, new long[] {10, 10, 80});
        assertThat(different.test()).isEqualTo(Stats.LabelTest.CHI_SQUARE);
        assertThat(different.p()).isLessThan(0.001);

        Stats.Tested small = Stats.labelTestP(new long[] {3, 0, 1}, new long[] {1, 0, 3});
        assertThat(small.test()).isEqualTo(Stats.LabelTest.FISHER_EXACT);
        assertThat(small.p()).isCloseTo(0.4857143, within(1e-6));
    }

    @Test
    void kappaIsOneForPerfectAgreementAndZeroAtChance() {
        assertThat(Stats.cohensKappa(new int[] {0, 1, 2, 1}, new int[] {0, 1, 2, 1}, 3)).isEqualTo(1.0);
        // Every pairing of two labels equally often: observed agreement 0.5 = chance agreement 0.5.
        assertThat(Stats.cohensKappa(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, 3)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void medianAndPercentiles() {
        assertThat(Stats.median(new double[] {3, 1, 2})).isEqualTo(2.0);
        assertThat(Stats.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
        assertThat(Stats.percentile(new double[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, 95)).isEqualTo(100.0);
        assertThat(Stats.percentile(new double[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, 50)).isEqualTo(50.0);
    }
}
