package io.chorus.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a campaign asks Chorus to write. {@link #IMAGE} is a picture (its text is the image prompt, shown as alt text);
 * {@link #IMAGE_POST} is a picture with a caption. Both carry a {@link MediaRef} to the stored image.
 */
public enum ContentType {
    REPLY, POST, CAPTION, NARRATION, IMAGE, IMAGE_POST;

    /** True for the types whose output is an image held in the media store. */
    public boolean isImage() {
        return this == IMAGE || this == IMAGE_POST;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ContentType fromWire(String value) {
        return ContentType.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
