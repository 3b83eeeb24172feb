package io.chorus.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a campaign asks Chorus to write. */
public enum ContentType {
    REPLY, POST, CAPTION, NARRATION;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ContentType fromWire(String value) {
        return ContentType.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
