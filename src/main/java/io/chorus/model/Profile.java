package io.chorus.model;

import io.chorus.serde.Versioned;

/** A user profile from {@code social.profiles} (key: user id; compacted, so the latest profile wins). */
public record Profile(Integer schemaVersion, String userId, String name, String handle, String bio, String location,
                      String imageUrl) implements Versioned {

    public static final int SCHEMA_VERSION = 1;
}
