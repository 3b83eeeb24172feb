package io.chorus.community;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * Turns profile texts into vectors for community clustering. Chorus code depends on this interface, never on an
 * embedding library: the production implementation is {@link OnnxProfileEmbedder}; tests use deterministic fakes.
 *
 * <p>Contract: {@code embed} returns one vector per input text, in input order, each of length
 * {@link #dimensions()} and L2-normalised (so a dot product is a cosine similarity). Texts must not be blank;
 * build them with {@link ProfileText#of}. Implementations must be safe to call from several threads. An
 * implementation may throw for a whole call because of one text; callers that must not lose the other texts use
 * {@link IsolatedEmbedding}.
 */
public interface ProfileEmbedder {

    float[][] embed(List<String> texts);

    int dimensions();

    /** Embeds one text; prefer {@link #embed(List)} for many texts, which lets the model batch them. */
    default float[] embed(String text) {
        return embed(List.of(text))[0];
    }

    /**
     * Which model this is (e.g. {@code e5-small-v2-q}); kept in the community snapshot, because vectors of two models
     * are not comparable even when their dimensions agree.
     */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Where work around this embedder (embedding a batch, clustering it) runs so that it is off the caller's thread.
     * The default runs it in the calling thread, which is what deterministic fakes in tests want; real models
     * return a dedicated executor.
     */
    default Executor backgroundExecutor() {
        return Runnable::run;
    }
}
