package io.chorus.model;

import io.chorus.serde.Versioned;

import java.time.Instant;
import java.util.List;

/**
 * A social post as it arrives on {@code social.posts} (key: author id).
 *
 * @param schemaVersion record format version; only {@link #SCHEMA_VERSION} is accepted
 * @param id            post id, unique
 * @param authorId      the author's user id
 * @param text          the post text, never null after validation
 * @param createdAt     when the author posted it (may be null: the record timestamp is used then)
 * @param lang          BCP-47 language tag if known
 * @param images        attached images, empty when none
 * @param replyTo       id of the post this one replies to, or null
 */
public record Post(Integer schemaVersion, String id, String authorId, String text, Instant createdAt, String lang,
                   List<ImageRef> images, String replyTo) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public Post {
        images = images == null ? List.of() : List.copyOf(images);
    }

    public boolean hasImages() {
        return !images.isEmpty();
    }
}
