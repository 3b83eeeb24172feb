package io.chorus.model;

import io.chorus.serde.Versioned;

/** An account a user follows, on the optional {@code social.follows} input (key: follower id). */
public record Follow(Integer schemaVersion, String followerId, Profile followed) implements Versioned {

    public static final int SCHEMA_VERSION = 1;
}
