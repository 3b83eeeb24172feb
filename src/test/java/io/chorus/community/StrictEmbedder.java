package io.chorus.community;

import java.util.ArrayList;
import java.util.List;

/**
 * A test embedder that fails the way the real ONNX models do: a text with no visible character (only whitespace,
 * format or control characters, e.g. five U+2062) makes the whole call throw "Cannot embed empty or
 * whitespace-only text", and so does any text containing {@link #POISON} (a stand-in for an unexpected model
 * failure on one item). Otherwise it embeds like {@link FakeEmbedder}. Records every call.
 */
final class StrictEmbedder implements ProfileEmbedder {

    static final String POISON = "kaboom";

    final List<List<String>> calls = new ArrayList<>();

    @Override
    public float[][] embed(List<String> texts) {
        calls.add(List.copyOf(texts));
        for (String text : texts) {
            if (text.codePoints().allMatch(StrictEmbedder::invisible)) {
                throw new IllegalArgumentException("Cannot embed empty or whitespace-only text");
            }
            if (text.contains(POISON)) {
                throw new IllegalStateException("model failed on one input");
            }
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            out[i] = FakeEmbedder.vector(texts.get(i));
        }
        return out;
    }

    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.FORMAT || type == Character.CONTROL;
    }

    @Override
    public int dimensions() {
        return FakeEmbedder.DIMENSIONS;
    }
}
