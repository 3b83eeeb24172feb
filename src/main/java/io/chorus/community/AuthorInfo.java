package io.chorus.community;

import io.chorus.model.CommunityAssignment;
import io.chorus.model.Profile;

/** An author's profile and community assignment (either may be null), as joined for enrichment. */
public record AuthorInfo(Profile profile, CommunityAssignment assignment) {
}
