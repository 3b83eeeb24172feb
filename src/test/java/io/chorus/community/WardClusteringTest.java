package io.chorus.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Proves discovery picks the number of groups itself, merges groups that are too small, and is deterministic. */
class WardClusteringTest {

    /** {@code perGroup[g]} noisy unit vectors around axis g of a 16-dimensional space, in group order. */
    static float[][] groups(long seed, int... perGroup) {
        Random random = new Random(seed);
        int n = Arrays.stream(perGroup).sum();
        float[][] out = new float[n][];
        int i = 0;
        for (int g = 0; g < perGroup.length; g++) {
            for (int k = 0; k < perGroup[g]; k++) {
                float[] v = new float[16];
                v[g] = 1;
                for (int d = 0; d < v.length; d++) {
                    v[d] += (float) (random.nextGaussian() * 0.15);
                }
                out[i++] = Vectors.normalized(v);
            }
        }
        return out;
    }

    @Test
    void findsThreeGroupsWithoutBeingToldHowMany() {
        WardClustering.Result r = new WardClustering(WardClustering.Settings.defaults()).cluster(groups(1, 30, 30, 30));

        assertThat(r.communities()).isEqualTo(3);
        assertThat(WardClustering.sizes(r)).containsExactly(30, 30, 30);
        for (int g = 0; g < 3; g++) {
            int[] members = Arrays.copyOfRange(r.labels(), g * 30, g * 30 + 30);
            assertThat(Arrays.stream(members).distinct().count()).as("group %d stays together", g).isEqualTo(1);
        }
    }

    @Test
    void findsFiveGroupsToo() {
        WardClustering.Result r = new WardClustering(WardClustering.Settings.defaults()).cluster(groups(2, 20, 25, 30, 20, 25));

        assertThat(r.communities()).isEqualTo(5);
    }

    @Test
    void aGroupBelowTheMinimumSizeIsMergedIntoItsNearestNeighbour() {
        WardClustering.Result r = new WardClustering(new WardClustering.Settings(2, 12, 0.05, 3)).cluster(groups(3, 40, 40, 2));

        assertThat(r.communities()).isEqualTo(2);
        assertThat(WardClustering.sizes(r).stream().mapToInt(Integer::intValue).sum()).isEqualTo(82);
    }

    @Test
    void theSameVectorsGiveTheSameGroups() {
        float[][] v = groups(4, 25, 25, 25);

        WardClustering clustering = new WardClustering(WardClustering.Settings.defaults());
        assertThat(clustering.cluster(v).labels()).isEqualTo(clustering.cluster(v).labels());
    }

    @Test
    void neverFindsMoreThanTheMaximum() {
        WardClustering.Result r = new WardClustering(new WardClustering.Settings(2, 3, 0.0, 1)).cluster(groups(5, 10, 10, 10, 10, 10, 10));

        assertThat(r.communities()).isLessThanOrEqualTo(3);
        assertThat(List.of(r.labels().length)).containsExactly(60);
    }
}
