package io.chorus.serde;

/** Every Chorus record carries a {@code schemaVersion}; readers reject versions they do not know. */
public interface Versioned {
    Integer schemaVersion();
}
