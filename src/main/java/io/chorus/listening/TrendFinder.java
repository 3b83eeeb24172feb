package io.chorus.listening;

import io.chorus.model.TrendReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the trending terms of a closed window: terms whose (guaranteed) count reaches {@code minCount} and whose lift
 * over the community's own baseline, (count + 1) / (baseline + 1), reaches {@code minLift}. The baseline of each term
 * is an exponentially weighted count per window over the community's earlier windows (weight {@code alpha}), kept for
 * at most {@code maxBaselineTerms} terms (the largest), so memory stays bounded. A community needs
 * {@code minBaselineWindows} windows of history before anything is called a trend: the first window of a feed is all
 * "new". Pure and deterministic.
 */
public final class TrendFinder {

    private final int top;
    private final long minCount;
    private final double minLift;
    private final double alpha;
    private final int minBaselineWindows;
    private final int maxBaselineTerms;

    public TrendFinder(int top, long minCount, double minLift, double alpha, int minBaselineWindows, int maxBaselineTerms) {
        if (top < 1 || minCount < 1 || minLift < 1 || alpha <= 0 || alpha > 1 || minBaselineWindows < 0 || maxBaselineTerms < 1) {
            throw new IllegalArgumentException("invalid trend settings");
        }
        this.top = top;
        this.minCount = minCount;
        this.minLift = minLift;
        this.alpha = alpha;
        this.minBaselineWindows = minBaselineWindows;
        this.maxBaselineTerms = maxBaselineTerms;
    }

    /** The community's term history (kept in a changelogged store). */
    public static final class TermBaseline {
        public int windows;
        public Map<String, Double> counts = new HashMap<>();
    }

    /** The trending terms of {@code window} (strongest first), then folds the window into {@code baseline}. */
    public List<TrendReport.Term> find(TermBaseline baseline, HeavyHitters window) {
        List<TrendReport.Term> trending = new ArrayList<>();
        if (baseline.windows >= minBaselineWindows) {
            for (var e : window.top()) {
                long count = e.getValue().count;
                long guaranteed = count - e.getValue().error;
                if (guaranteed < minCount) {
                    continue;
                }
                double base = baseline.counts.getOrDefault(e.getKey(), 0.0);
                double lift = (count + 1.0) / (base + 1.0);
                if (lift >= minLift) {
                    trending.add(new TrendReport.Term(e.getKey(), TermExtractor.kindOf(e.getKey()), count, e.getValue().error, base, lift));
                }
            }
            trending.sort(Comparator.comparingDouble((TrendReport.Term t) -> -t.lift()).thenComparing(TrendReport.Term::term));
            if (trending.size() > top) {
                trending = new ArrayList<>(trending.subList(0, top));
            }
        }
        fold(baseline, window);
        return trending;
    }

    private void fold(TermBaseline baseline, HeavyHitters window) {
        Map<String, Double> next = new HashMap<>();
        for (var e : baseline.counts.entrySet()) {
            next.put(e.getKey(), (1 - alpha) * e.getValue());
        }
        for (var e : window.counters.entrySet()) {
            next.merge(e.getKey(), alpha * e.getValue().count, Double::sum);
        }
        if (baseline.windows == 0) {
            // the first window is the baseline itself, not a fraction of it
            next.replaceAll((term, weighted) -> weighted / alpha);
        }
        next.values().removeIf(v -> v < 0.05);
        if (next.size() > maxBaselineTerms) {
            List<Map.Entry<String, Double>> sorted = new ArrayList<>(next.entrySet());
            sorted.sort(Comparator.comparingDouble((Map.Entry<String, Double> x) -> -x.getValue()).thenComparing(Map.Entry::getKey));
            Map<String, Double> kept = new HashMap<>();
            for (var e : sorted.subList(0, maxBaselineTerms)) {
                kept.put(e.getKey(), e.getValue());
            }
            next = kept;
        }
        baseline.counts = next;
        baseline.windows++;
    }
}
