package io.chorus.community;

import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic stand-in for a sentence-embedding model: the labeler's terms (no stopwords) hashed into 64
 * dimensions, L2-normalised, so texts sharing words are close and texts sharing none are (nearly) orthogonal.
 * Records every call.
 */
final class FakeEmbedder implements ProfileEmbedder {

    static final int DIMENSIONS = 64;
    private static final CommunityLabeler TERMS = new CommunityLabeler();

    final List<List<String>> calls = new ArrayList<>();

    @Override
    public float[][] embed(List<String> texts) {
        calls.add(List.copyOf(texts));
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            out[i] = vector(texts.get(i));
        }
        return out;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    static float[] vector(String text) {
        float[] v = new float[DIMENSIONS];
        for (String term : TERMS.terms(text)) {
            v[Math.floorMod(term.hashCode(), DIMENSIONS)] += 1;
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            v[0] = 1;
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
