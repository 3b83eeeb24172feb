package io.chorus.community;

import java.util.ArrayList;
import java.util.List;

/**
 * Embeds a batch so that one bad text cannot fail the others: the whole list goes to the model in one call (fast);
 * if that call throws, each text is embedded alone, and only the texts that still fail are reported, each with
 * its own error. A vector that is not finite, not of the right length, or zero counts as a failure too.
 */
public final class IsolatedEmbedding {

    /** One text's result: a vector, or why there is none. */
    public record Item(float[] vector, String error) {
        public boolean ok() {
            return vector != null;
        }
    }

    private IsolatedEmbedding() {
    }

    public static List<Item> embed(ProfileEmbedder embedder, List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        try {
            float[][] vectors = embedder.embed(texts);
            if (vectors.length == texts.size()) {
                List<Item> out = new ArrayList<>(texts.size());
                for (float[] v : vectors) {
                    out.add(checked(embedder, v));
                }
                return out;
            }
        } catch (RuntimeException batchFailure) {
            // fall through: find which texts fail
        }
        List<Item> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            try {
                out.add(checked(embedder, embedder.embed(List.of(text))[0]));
            } catch (RuntimeException e) {
                out.add(new Item(null, "embedding model " + embedder.name() + " failed on this profile's text: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
            }
        }
        return out;
    }

    private static Item checked(ProfileEmbedder embedder, float[] v) {
        if (v == null || v.length != embedder.dimensions()) {
            return new Item(null, "embedding model " + embedder.name() + " returned a vector of " + (v == null ? 0 : v.length)
                    + " dimensions, expected " + embedder.dimensions());
        }
        double norm = Vectors.norm(v);
        if (!(norm > 0) || Double.isInfinite(norm)) {
            return new Item(null, "embedding model " + embedder.name() + " returned a zero or non-finite vector");
        }
        return new Item(v, null);
    }
}
