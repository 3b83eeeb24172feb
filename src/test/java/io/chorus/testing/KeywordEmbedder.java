package io.chorus.testing;

import io.chorus.community.ProfileEmbedder;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic embedder for topology tests: one dimension per keyword group (games, investing, parenting,
 * climate, sports) plus one for anything else, so texts about the same thing embed identically.
 */
public final class KeywordEmbedder implements ProfileEmbedder {

    private static final List<List<String>> GROUPS = List.of(
            List.of("game", "gaming", "gamer", "stream"), List.of("invest", "stock", "fund", "market"),
            List.of("kid", "parent", "toddler", "school"), List.of("climate", "solar", "transit", "bike"),
            List.of("match", "team", "league", "goal"));

    @Override
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            out[i] = embedOne(texts.get(i).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static float[] embedOne(String text) {
        float[] v = new float[GROUPS.size() + 1];
        boolean any = false;
        for (int g = 0; g < GROUPS.size(); g++) {
            for (String word : GROUPS.get(g)) {
                if (text.contains(word)) {
                    v[g] = 1f;
                    any = true;
                    break;
                }
            }
        }
        if (!any) {
            v[GROUPS.size()] = 1f;
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (v[k] / Math.sqrt(norm));
        }
        return v;
    }

    @Override
    public int dimensions() {
        return GROUPS.size() + 1;
    }
}
