package io.chorus.community;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Discovers communities in a batch of unit embeddings without being told how many: Ward's agglomerative
 * clustering, a stopping rule that picks the number of communities, and a minimum size below which a group is
 * merged into its nearest neighbour.
 *
 * <p><b>Ward linkage</b> merges, at each step, the two groups whose union least increases the within-group sum of
 * squares (on unit vectors, squared Euclidean distance is {@code 2 - 2 cos}); it gives compact groups of
 * comparable size, where average linkage on short, noisy bios leaves one giant group and a fringe of singletons.
 * It is computed exactly with the nearest-neighbour-chain algorithm (O(n²) time, one n×n distance matrix).
 *
 * <p><b>Stopping rule</b>: every cut of the tree from {@link Settings#minCommunities()} to
 * {@link Settings#maxCommunities()} groups is scored after small groups are merged away, and the cut with the
 * best mean silhouette (cosine distance) wins; ties go to fewer groups. Groups smaller than
 * {@link Settings#minSize(int)} are too small to be a community: each joins the group whose centroid is nearest.
 *
 * <p>Deterministic: the same vectors in the same order give the same result. Stateless and thread-safe.
 */
public final class WardClustering {

    /** At most this many vectors are clustered at once (the distance matrix has n² floats: 16 MB at 2,000). */
    public static final int MAX_POINTS = 2_000;

    /**
     * @param minCommunities   fewest groups a cut may have (at least 1)
     * @param maxCommunities   most groups a cut may have
     * @param minShare         a group smaller than this share of the batch is merged away...
     * @param minMembers       ...and so is one with fewer members than this
     */
    public record Settings(int minCommunities, int maxCommunities, double minShare, int minMembers) {
        public Settings {
            if (minCommunities < 1 || maxCommunities < minCommunities) {
                throw new IllegalArgumentException("need 1 <= minCommunities <= maxCommunities, got " + minCommunities + " and " + maxCommunities);
            }
            if (!(minShare >= 0 && minShare < 1) || minMembers < 1) {
                throw new IllegalArgumentException("minShare must be in [0, 1) and minMembers positive, got " + minShare + " and " + minMembers);
            }
        }

        public static Settings defaults() {
            return new Settings(2, 12, 0.02, 3);
        }

        /** The smallest group kept from a batch of {@code n}. */
        public int minSize(int n) {
            return Math.max(minMembers, (int) Math.ceil(minShare * n));
        }
    }

    /** The groups found: {@code labels[i]} is the group of vector i (0..k-1, by first member), with unit centroids. */
    public record Result(int[] labels, float[][] centroids, double silhouette) {
        public int communities() {
            return centroids.length;
        }

        public int size(int group) {
            int n = 0;
            for (int l : labels) {
                if (l == group) {
                    n++;
                }
            }
            return n;
        }
    }

    private final Settings settings;

    public WardClustering(Settings settings) {
        this.settings = settings;
    }

    public Result cluster(float[][] vectors) {
        int n = vectors.length;
        if (n == 0) {
            return new Result(new int[0], new float[0][], 0);
        }
        if (n > MAX_POINTS) {
            throw new IllegalArgumentException("at most " + MAX_POINTS + " vectors are clustered at once, got " + n);
        }
        float[] sims = similarities(vectors);
        int[][] merges = wardMerges(vectors, sims);
        int minSize = settings.minSize(n);
        Result best = null;
        int maxK = Math.min(settings.maxCommunities(), n);
        for (int k = Math.min(settings.minCommunities(), n); k <= maxK; k++) {
            int[] labels = mergeSmall(cut(merges, n, k), vectors, minSize);
            int groups = relabel(labels);
            double score = groups < 2 ? 0 : silhouette(labels, groups, sims, n);
            if (best == null || score > best.silhouette() + 1e-9) {
                best = new Result(labels, centroids(labels, groups, vectors), score);
            }
        }
        return best;
    }

    /** Ward merges by the nearest-neighbour chain; each row is {a, b}: the clusters (by representative) merged. */
    static int[][] wardMerges(float[][] vectors, float[] sims) {
        int n = vectors.length;
        double[] d = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            d[i] = Math.max(0, 2 - 2 * sims[i]);
        }
        int[] size = new int[n];
        Arrays.fill(size, 1);
        boolean[] active = new boolean[n];
        Arrays.fill(active, true);
        int[][] merges = new int[Math.max(0, n - 1)][];
        int[] chain = new int[n];
        int top = 0;
        for (int step = 0; step < n - 1; step++) {
            if (top == 0) {
                for (int i = 0; i < n; i++) {
                    if (active[i]) {
                        chain[top++] = i;
                        break;
                    }
                }
            }
            while (true) {
                int a = chain[top - 1];
                int prev = top > 1 ? chain[top - 2] : -1;
                int b = -1;
                double bestD = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (j == a || !active[j]) {
                        continue;
                    }
                    double dj = d[a * n + j];
                    if (dj < bestD || dj == bestD && j == prev) {
                        bestD = dj;
                        b = j;
                    }
                }
                if (b == prev) {
                    top -= 2;
                    int keep = Math.min(a, b);
                    int gone = Math.max(a, b);
                    merges[step] = new int[] {keep, gone};
                    for (int k = 0; k < n; k++) {
                        if (!active[k] || k == a || k == b) {
                            continue;
                        }
                        double nk = size[k];
                        double na = size[a];
                        double nb = size[b];
                        double dist = ((na + nk) * d[a * n + k] + (nb + nk) * d[b * n + k] - nk * d[a * n + b]) / (na + nb + nk);
                        d[keep * n + k] = dist;
                        d[k * n + keep] = dist;
                    }
                    size[keep] += size[gone];
                    active[gone] = false;
                    break;
                }
                chain[top++] = b;
            }
        }
        return merges;
    }

    /** The groups after the first {@code n - k} merges, as labels by representative. */
    static int[] cut(int[][] merges, int n, int k) {
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int s = 0; s < n - k; s++) {
            parent[find(parent, merges[s][1])] = find(parent, merges[s][0]);
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = find(parent, i);
        }
        return labels;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Repeatedly moves the members of the smallest too-small group to the nearest remaining group (by centroid). */
    static int[] mergeSmall(int[] labels, float[][] vectors, int minSize) {
        int[] out = labels.clone();
        while (true) {
            int groups = relabel(out);
            if (groups < 2) {
                return out;
            }
            int[] sizes = new int[groups];
            for (int l : out) {
                sizes[l]++;
            }
            int smallest = 0;
            for (int g = 1; g < groups; g++) {
                if (sizes[g] < sizes[smallest]) {
                    smallest = g;
                }
            }
            if (sizes[smallest] >= minSize) {
                return out;
            }
            float[][] centroids = centroids(out, groups, vectors);
            for (int i = 0; i < out.length; i++) {
                if (out[i] == smallest) {
                    int target = -1;
                    double best = Double.NEGATIVE_INFINITY;
                    for (int g = 0; g < groups; g++) {
                        if (g != smallest) {
                            double s = Vectors.dot(vectors[i], centroids[g]);
                            if (s > best) {
                                best = s;
                                target = g;
                            }
                        }
                    }
                    out[i] = target;
                }
            }
        }
    }

    /** Renumbers labels 0..k-1 in order of first appearance, in place; returns k. */
    static int relabel(int[] labels) {
        java.util.Map<Integer, Integer> ids = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = ids.computeIfAbsent(labels[i], x -> ids.size());
        }
        return ids.size();
    }

    static float[][] centroids(int[] labels, int groups, float[][] vectors) {
        int dims = vectors.length == 0 ? 0 : vectors[0].length;
        float[][] sums = new float[groups][dims];
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < dims; j++) {
                sums[labels[i]][j] += vectors[i][j];
            }
        }
        for (int g = 0; g < groups; g++) {
            sums[g] = Vectors.normalized(sums[g]);
        }
        return sums;
    }

    /** Mean silhouette with cosine distance {@code 1 - cos}; singletons score 0. */
    static double silhouette(int[] labels, int groups, float[] sims, int n) {
        int[] sizes = new int[groups];
        for (int l : labels) {
            sizes[l]++;
        }
        double total = 0;
        double[] sum = new double[groups];
        for (int i = 0; i < n; i++) {
            Arrays.fill(sum, 0);
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum[labels[j]] += 1 - sims[i * n + j];
                }
            }
            int own = labels[i];
            if (sizes[own] < 2) {
                continue;
            }
            double a = sum[own] / (sizes[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int g = 0; g < groups; g++) {
                if (g != own && sizes[g] > 0) {
                    b = Math.min(b, sum[g] / sizes[g]);
                }
            }
            double max = Math.max(a, b);
            total += max == 0 ? 0 : (b - a) / max;
        }
        return total / n;
    }

    static float[] similarities(float[][] vectors) {
        int n = vectors.length;
        float[] sims = new float[n * n];
        for (int i = 0; i < n; i++) {
            sims[i * n + i] = 1;
            for (int j = i + 1; j < n; j++) {
                float s = (float) Vectors.dot(vectors[i], vectors[j]);
                sims[i * n + j] = s;
                sims[j * n + i] = s;
            }
        }
        return sims;
    }

    /** For reports and tests: the group sizes, largest first. */
    public static List<Integer> sizes(Result result) {
        List<Integer> sizes = new ArrayList<>();
        for (int g = 0; g < result.communities(); g++) {
            sizes.add(result.size(g));
        }
        sizes.sort(java.util.Comparator.reverseOrder());
        return sizes;
    }
}
