package io.chorus.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the NMI/ARI helper used by the clustering-quality test scores known partitions correctly. */
class AgreementTest {

    @Test
    void identicalPartitionsScoreOneWhateverTheClusterNames() {
        List<String> truth = List.of("a", "a", "b", "b", "c", "c");
        List<String> renamed = List.of("x", "x", "y", "y", "z", "z");
        assertThat(Agreement.nmi(truth, renamed)).isCloseTo(1.0, within(1e-9));
        assertThat(Agreement.ari(truth, renamed)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void oneClusterForEverythingCarriesNoInformation() {
        List<String> truth = List.of("a", "a", "b", "b");
        List<String> lumped = List.of("x", "x", "x", "x");
        assertThat(Agreement.nmi(truth, lumped)).isCloseTo(0.0, within(1e-9));
        assertThat(Agreement.ari(truth, lumped)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void matchesHandComputedValuesForAPartialMatch() {
        // contingency [[2,1],[0,3]]: ARI = (4 - 2.8) / (6.5 - 2.8) = 0.3243 by hand; NMI 0.4787
        List<String> truth = List.of("a", "a", "a", "b", "b", "b");
        List<String> predicted = List.of("x", "x", "y", "y", "y", "y");
        assertThat(Agreement.nmi(truth, predicted)).isCloseTo(0.4787, within(1e-3));
        assertThat(Agreement.ari(truth, predicted)).isCloseTo(0.3243, within(1e-3));
    }
}
