package io.chorus.community;

import java.util.List;

/**
 * Turns profile texts into vectors for community clustering. Chorus code depends on this interface, never on an
 * embedding library: the production implementation is {@link MiniLmEmbedder}; tests use a deterministic fake.
 *
 * <p>Contract: {@code embed} returns one vector per input text, in input order, each of length
 * {@link #dimensions()} and L2-normalised (so a dot product is a cosine similarity). Texts must not be blank;
 * build them with {@link ProfileText#of}. Implementations must be safe to call from several threads.
 */
public interface ProfileEmbedder {

    float[][] embed(List<String> texts);

    int dimensions();

    /** Embeds one text; prefer {@link #embed(List)} for many texts, which lets the model batch them. */
    default float[] embed(String text) {
        return embed(List.of(text))[0];
    }
}
