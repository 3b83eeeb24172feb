package io.chorus.community;

import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.Profile;

/**
 * What the community writer emits: an assignment, a changed community, a community merged away (tombstone), or a
 * profile that could not be assigned (a dead letter with the reason).
 */
sealed interface CommunityEvent {

    record Assigned(CommunityAssignment assignment) implements CommunityEvent {
    }

    record Changed(Community community) implements CommunityEvent {
    }

    record Removed(String communityId) implements CommunityEvent {
    }

    record Failed(Profile profile, String reason) implements CommunityEvent {
    }
}
