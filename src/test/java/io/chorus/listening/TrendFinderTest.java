package io.chorus.listening;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.TrendReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves trends are judged against the community's own history: new bursts trend, steady terms do not. */
class TrendFinderTest {

    private final TrendFinder finder = new TrendFinder(10, 5, 3.0, 0.3, 2, 500);

    private static HeavyHitters window(String... termsWithCounts) {
        HeavyHitters h = new HeavyHitters(64);
        for (String spec : termsWithCounts) {
            String[] parts = spec.split("=");
            for (int i = 0; i < Integer.parseInt(parts[1]); i++) {
                h.add(parts[0]);
            }
        }
        return h;
    }

    @Test
    void callsNothingATrendBeforeTheCommunityHasHistory() {
        TrendFinder.TermBaseline baseline = new TrendFinder.TermBaseline();
        assertThat(finder.find(baseline, window("#new=20"))).isEmpty();
        assertThat(baseline.windows).isEqualTo(1);
    }

    @Test
    void reportsABurstOfANewTermButNotASteadyOne() {
        TrendFinder.TermBaseline baseline = new TrendFinder.TermBaseline();
        finder.find(baseline, window("coffee=10"));
        finder.find(baseline, window("coffee=10"));
        List<TrendReport.Term> terms = finder.find(baseline, window("coffee=11", "#launch=12"));
        assertThat(terms).extracting(TrendReport.Term::term).containsExactly("#launch");
        assertThat(terms.get(0).kind()).isEqualTo(TrendReport.Kind.HASHTAG);
        assertThat(terms.get(0).lift()).isGreaterThanOrEqualTo(3.0);
    }

    @Test
    void needsTheMinimumCount() {
        TrendFinder.TermBaseline baseline = new TrendFinder.TermBaseline();
        finder.find(baseline, window("coffee=10"));
        finder.find(baseline, window("coffee=10"));
        assertThat(finder.find(baseline, window("#rare=4"))).isEmpty();
    }
}
