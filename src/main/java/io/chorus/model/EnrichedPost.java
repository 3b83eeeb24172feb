package io.chorus.model;

import io.chorus.serde.Versioned;

/**
 * A scored post with its author's community and profile, on {@code chorus.posts.enriched} (key: post id).
 * Posts from authors without a known community still flow, with {@code communityId} {@value #UNASSIGNED}.
 */
public record EnrichedPost(Integer schemaVersion, String postId, String authorId, ScoredPost scored, String communityId,
                           String communityLabel, Double communityConfidence, Profile profile) implements Versioned {

    public static final int SCHEMA_VERSION = 1;
    public static final String UNASSIGNED = "unassigned";

    public boolean assigned() {
        return !UNASSIGNED.equals(communityId);
    }
}
