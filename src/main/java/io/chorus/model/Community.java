package io.chorus.model;

import io.chorus.serde.Versioned;

import java.time.Instant;
import java.util.List;

/** A community of authors on {@code chorus.communities} (key: community id; compacted, read as a global table). */
public record Community(Integer schemaVersion, String id, String label, String description, List<String> terms,
                        long size, String method, Instant updatedAt) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public Community {
        terms = terms == null ? List.of() : List.copyOf(terms);
    }
}
