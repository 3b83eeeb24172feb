package io.chorus.community;

import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.Profile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Puts profiles into communities. Chorus code (topology, CLI) depends on this interface only; the offline
 * implementation is {@link LocalCommunityAssigner}.
 *
 * <p>Implementations that learn communities from the profiles they see ({@code method} "local") are stateful and
 * have a single writer: call them from one thread, and share their results (assignments, communities), not the
 * instance.
 */
public interface CommunityAssigner {

    /**
     * The community of a new or changed profile. Assigning a profile whose text did not change returns the same
     * community; a changed profile may move, with the old community's size decreasing.
     */
    CommunityAssignment assign(Profile profile);

    /**
     * Assigns profiles in list order, with the same result as calling {@link #assign} for each in turn;
     * implementations may embed the whole list at once, which is much faster.
     */
    default List<CommunityAssignment> assignAll(List<Profile> profiles) {
        List<CommunityAssignment> out = new ArrayList<>(profiles.size());
        for (Profile profile : profiles) {
            out.add(assign(profile));
        }
        return out;
    }

    /** The current communities, labelled, in creation order. */
    Collection<Community> communities();

    /**
     * The id that now stands for {@code communityId}: communities can merge, and an assignment made earlier may
     * name the one that was merged away. Unknown ids are returned unchanged.
     */
    default String canonicalId(String communityId) {
        return communityId;
    }
}
