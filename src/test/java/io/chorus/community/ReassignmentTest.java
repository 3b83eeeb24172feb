package io.chorus.community;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.Profile;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves a changed profile is re-assigned: a user whose bio changes from gaming to investing moves to the
 * investing community (sizes follow), while the same profile sent again changes nothing.
 */
class ReassignmentTest {

    static final String GAMER_BIO = "Console gamer and esports fan, speedruns on stream every night.";
    static final String INVESTOR_BIO = "Dividend investor now: index funds, stocks and long-term valuations.";

    LocalCommunityAssigner assigner;
    String gaming;
    String investing;

    static Profile profile(String userId, String bio) {
        return new Profile(1, userId, "Sam Doe", "@sam", bio, "Leeds, UK", null);
    }

    @BeforeEach
    void twoCommunities() {
        assigner = LocalCommunityAssigner.create(new FakeEmbedder(), CommunityModel.Settings.defaults(), List.of(),
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        List<CommunityAssignment> seeded = assigner.assignAll(List.of(
                profile("g1", "Console gamer and esports fan who streams speedruns."),
                profile("g2", "Esports fan, console gamer, speedruns and night streams."),
                profile("i1", "Dividend investor studying index funds and stock valuations."),
                profile("i2", "Long-term investor: dividend stocks, index funds, valuations.")));
        gaming = seeded.get(0).communityId();
        investing = seeded.get(2).communityId();
        assertThat(seeded).extracting(CommunityAssignment::communityId).containsExactly(gaming, gaming, investing, investing);
        assertThat(gaming).isNotEqualTo(investing);
    }

    Map<String, Long> sizes() {
        return assigner.communities().stream().collect(Collectors.toMap(Community::id, Community::size));
    }

    @Test
    void profileWhoseBioChangesFromGamingToInvestingMovesToTheInvestingCommunity() {
        assertThat(assigner.assign(profile("u9", GAMER_BIO)).communityId()).isEqualTo(gaming);
        assertThat(sizes()).containsEntry(gaming, 3L).containsEntry(investing, 2L);

        CommunityAssignment moved = assigner.assign(profile("u9", INVESTOR_BIO));

        assertThat(moved.communityId()).isEqualTo(investing);
        assertThat(moved.userId()).isEqualTo("u9");
        assertThat(moved.method()).isEqualTo("local");
        assertThat(moved.communityLabel()).isEqualTo(assigner.model().label(investing));
        assertThat(moved.confidence()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
        assertThat(sizes()).containsEntry(gaming, 2L).containsEntry(investing, 3L);
        assertThat(assigner.model().communityOf("u9")).contains(investing);
    }

    @Test
    void sendingTheSameProfileAgainKeepsItsCommunityAndChangesNoSize() {
        CommunityAssignment first = assigner.assign(profile("u9", GAMER_BIO));
        Map<String, Long> before = sizes();

        CommunityAssignment again = assigner.assign(profile("u9", GAMER_BIO));

        assertThat(again.communityId()).isEqualTo(first.communityId());
        assertThat(sizes()).isEqualTo(before);
    }

    @Test
    void nearestAnswersWithoutChangingTheModel() {
        Map<String, Long> before = sizes();

        CommunityModel.Assignment nearest = assigner.model().nearest(FakeEmbedder.vector(INVESTOR_BIO));

        assertThat(nearest.communityId()).isEqualTo(investing);
        assertThat(sizes()).isEqualTo(before);
        assertThat(assigner.model().communityOf("u9")).isEmpty();
    }
}
