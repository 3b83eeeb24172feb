package io.chorus.model;

import io.chorus.serde.Versioned;

import java.time.Instant;

/** Which community a user belongs to, on {@code chorus.profiles.communities} (key: user id; compacted). */
public record CommunityAssignment(Integer schemaVersion, String userId, String communityId, String communityLabel,
                                  double confidence, String method, Instant assignedAt) implements Versioned {

    public static final int SCHEMA_VERSION = 1;
}
