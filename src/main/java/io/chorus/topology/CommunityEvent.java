package io.chorus.topology;

import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;

/** What the community writer emits: an assignment, a changed community, or a community merged away (tombstone). */
sealed interface CommunityEvent {

    record Assigned(CommunityAssignment assignment) implements CommunityEvent {
    }

    record Changed(Community community) implements CommunityEvent {
    }

    record Removed(String communityId) implements CommunityEvent {
    }
}
