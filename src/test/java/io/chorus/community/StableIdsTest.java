package io.chorus.community;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.Community;
import io.chorus.serde.Json;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Proves community ids are stable: a snapshot taken through JSON restores the same ids, memberships and state,
 * the next new community gets the next id and never a used one, and a merge keeps the older id.
 */
class StableIdsTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A unit vector at {@code degrees} in the plane of the first two of four dimensions. */
    static float[] angle(double degrees) {
        double r = Math.toRadians(degrees);
        return new float[] {(float) Math.cos(r), (float) Math.sin(r), 0, 0};
    }

    static CommunityModel threeCommunities() {
        CommunityModel model = CommunityModel.create(4, CommunityModel.Settings.defaults());
        model.assign("u1", angle(0), Set.of("solar"), T0);
        model.assign("u2", angle(90), Set.of("console"), T0);
        model.assign("u3", new float[] {0, 0, 1, 0}, Set.of("dividend"), T0);
        return model;
    }

    static CommunityModel throughJson(CommunityModel model) throws Exception {
        String json = Json.mapper().writeValueAsString(model.snapshot());
        return CommunityModel.restore(Json.mapper().readValue(json, CommunityModel.Snapshot.class));
    }

    @Test
    void restoredModelHasTheSameIdsMembershipsAndState() throws Exception {
        CommunityModel model = threeCommunities();

        CommunityModel restored = throughJson(model);

        assertThat(restored.communities()).extracting(Community::id).containsExactly("c-001", "c-002", "c-003");
        assertThat(restored.communities()).isEqualTo(model.communities());
        assertThat(restored.communityOf("u2")).contains("c-002");
        assertThat(Json.mapper().writeValueAsString(restored.snapshot()))
                .isEqualTo(Json.mapper().writeValueAsString(model.snapshot()));
    }

    @Test
    void afterRestoreTheNextNewCommunityGetsTheNextId() throws Exception {
        CommunityModel restored = throughJson(threeCommunities());

        CommunityModel.Assignment fourth = restored.assign("u4", new float[] {0, 0, 0, 1}, Set.of(), T0);

        assertThat(fourth.newCommunity()).isTrue();
        assertThat(fourth.communityId()).isEqualTo("c-004");
    }

    @Test
    void replayingAProfileAfterRestoreKeepsItsCommunityAndSizes() throws Exception {
        CommunityModel restored = throughJson(threeCommunities());

        CommunityModel.Assignment again = restored.assign("u1", angle(0), Set.of("solar"), T0);

        assertThat(again.communityId()).isEqualTo("c-001");
        assertThat(again.reassigned()).isFalse();
        assertThat(restored.communities()).extracting(Community::size).containsExactly(1L, 1L, 1L);
    }

    @Test
    void mergeKeepsTheOlderIdAndTheMergedIdBecomesAnAlias() {
        CommunityModel model = CommunityModel.create(4, CommunityModel.Settings.defaults());
        assertThat(model.assign("u1", angle(0), Set.of(), T0).communityId()).isEqualTo("c-001");
        // cos(73°) = 0.29 is below the 0.30 threshold: a second community
        assertThat(model.assign("u2", angle(73), Set.of(), T0).communityId()).isEqualTo("c-002");
        model.assign("u3", angle(50), Set.of(), T0);
        model.assign("u4", angle(50), Set.of(), T0);

        // c-002's centroid drifts towards c-001 until they are within the 0.55 merge threshold
        CommunityModel.Assignment merging = model.assign("u5", angle(45), Set.of(), T0);

        assertThat(merging.communityId()).isEqualTo("c-001");
        assertThat(merging.mergedIds()).containsExactly("c-002");
        assertThat(model.resolve("c-002")).isEqualTo("c-001");
        assertThat(model.communityOf("u2")).contains("c-001");
        assertThat(model.communities()).extracting(Community::id, Community::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple("c-001", 5L));
    }

    @Test
    void aMergedIdIsNeverReusedNotEvenAfterRestore() throws Exception {
        CommunityModel model = CommunityModel.create(4, CommunityModel.Settings.defaults());
        for (String[] step : new String[][] {{"u1", "0"}, {"u2", "73"}, {"u3", "50"}, {"u4", "50"}, {"u5", "45"}}) {
            model.assign(step[0], angle(Double.parseDouble(step[1])), Set.of(), T0);
        }
        assertThat(model.aliases()).containsEntry("c-002", "c-001");

        CommunityModel restored = throughJson(model);
        CommunityModel.Assignment next = restored.assign("u6", new float[] {0, 0, 1, 0}, Set.of(), T0);

        assertThat(next.communityId()).isEqualTo("c-003");
        assertThat(restored.resolve("c-002")).isEqualTo("c-001");
    }

    @Test
    void theSameInputInTheSameOrderGivesTheSameState() throws Exception {
        List<String> snapshots = List.of(
                Json.mapper().writeValueAsString(threeCommunities().snapshot()),
                Json.mapper().writeValueAsString(threeCommunities().snapshot()));

        assertThat(snapshots.get(0)).isEqualTo(snapshots.get(1));
    }

    @Test
    void seedsAppliedAgainAfterRestoreKeepTheirIdsAndANewSeedGetsTheNextId() throws Exception {
        CommunityModel model = CommunityModel.create(4, CommunityModel.Settings.defaults());
        model.seed(new CommunityModel.Seed("book lovers", "novels", angle(0), 3, false), T0);
        model.assign("u1", new float[] {0, 0, 1, 0}, Set.of(), T0);

        CommunityModel restored = throughJson(model);
        String again = restored.seed(new CommunityModel.Seed("book lovers", "novels", angle(0), 3, false), T0);
        String added = restored.seed(new CommunityModel.Seed("local news readers", "council", angle(90), 3, false), T0);

        assertThat(again).isEqualTo("c-001");
        assertThat(added).isEqualTo("c-003");
        assertThat(restored.communities()).extracting(Community::id).containsExactly("c-001", "c-002", "c-003");
    }
}
