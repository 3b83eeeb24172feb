package io.chorus.community;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreement between a clustering and reference labels: normalised mutual information (arithmetic-mean
 * normalisation, as scikit-learn's default) and the adjusted Rand index. Both are 1 for identical partitions
 * (whatever the cluster names); ARI is about 0 for a random one, NMI rewards many small clusters a little.
 */
public final class Agreement {

    private Agreement() {
    }

    public static double nmi(List<String> truth, List<String> predicted) {
        check(truth, predicted);
        int n = truth.size();
        Map<String, Integer> a = counts(truth);
        Map<String, Integer> b = counts(predicted);
        Map<String, Integer> ab = joint(truth, predicted);
        double mutual = 0;
        for (Map.Entry<String, Integer> cell : ab.entrySet()) {
            String[] keys = cell.getKey().split("\u0000", 2);
            double nij = cell.getValue();
            mutual += nij / n * Math.log(nij * n / ((double) a.get(keys[0]) * b.get(keys[1])));
        }
        double ha = entropy(a, n);
        double hb = entropy(b, n);
        return ha + hb == 0 ? 1.0 : 2 * mutual / (ha + hb);
    }

    public static double ari(List<String> truth, List<String> predicted) {
        check(truth, predicted);
        double pairsBoth = sumPairs(joint(truth, predicted));
        double pairsA = sumPairs(counts(truth));
        double pairsB = sumPairs(counts(predicted));
        double total = pairs(truth.size());
        double expected = pairsA * pairsB / total;
        double max = (pairsA + pairsB) / 2;
        return max == expected ? 1.0 : (pairsBoth - expected) / (max - expected);
    }

    private static void check(List<String> truth, List<String> predicted) {
        if (truth.size() != predicted.size() || truth.isEmpty()) {
            throw new IllegalArgumentException("need two non-empty labelings of the same length");
        }
    }

    private static Map<String, Integer> counts(List<String> labels) {
        Map<String, Integer> counts = new HashMap<>();
        labels.forEach(l -> counts.merge(l, 1, Integer::sum));
        return counts;
    }

    private static Map<String, Integer> joint(List<String> a, List<String> b) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < a.size(); i++) {
            counts.merge(a.get(i) + "\u0000" + b.get(i), 1, Integer::sum);
        }
        return counts;
    }

    private static double entropy(Map<String, Integer> counts, int n) {
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / n;
            h -= p * Math.log(p);
        }
        return h;
    }

    private static double pairs(double n) {
        return n * (n - 1) / 2;
    }

    private static double sumPairs(Map<String, Integer> counts) {
        return counts.values().stream().mapToDouble(Agreement::pairs).sum();
    }
}
