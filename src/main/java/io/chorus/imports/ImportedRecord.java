package io.chorus.imports;

/**
 * One mapped row, ready to produce: the key (the topic's key field), the JSON value, and the row it came from.
 *
 * @param kind a short classification for the summary (tweet type, or "profile")
 */
public record ImportedRecord(String key, byte[] value, String file, long line, String kind) {
}
