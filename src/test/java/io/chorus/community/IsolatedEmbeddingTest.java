package io.chorus.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves that a text the real model refuses (five U+2062, as in a real bio; all-MiniLM-L6-v2 refuses it, e5 does
 * not because of its "query: " prefix) fails only itself: the model throws for the whole call, and the isolated
 * embedding returns the other vectors with one error naming the cause.
 */
class IsolatedEmbeddingTest {

    @Test
    void theRealModelsRefusalOfAnInvisibleTextFailsOnlyThatText() {
        OnnxProfileEmbedder minilm = new OnnxProfileEmbedder(OnnxProfileEmbedder.Model.MINILM, 1);

        List<IsolatedEmbedding.Item> items = IsolatedEmbedding.embed(minilm,
                List.of("Console gamer and esports fan", "\u2062\u2062\u2062\u2062\u2062", "Dividend investor"));

        assertThat(items).hasSize(3);
        assertThat(items.get(0).ok()).isTrue();
        assertThat(items.get(0).vector()).hasSize(OnnxProfileEmbedder.DIMENSIONS);
        assertThat(items.get(1).ok()).isFalse();
        assertThat(items.get(1).error()).contains("all-minilm-l6-v2-q").contains("Cannot embed empty or whitespace-only text");
        assertThat(items.get(2).ok()).isTrue();
    }

    @Test
    void cleaningLeavesTheModelSomethingToEmbed() {
        OnnxProfileEmbedder e5 = new OnnxProfileEmbedder(OnnxProfileEmbedder.Model.E5, 1);
        String text = ProfileText.of(new io.chorus.model.Profile(1, "u1", "Chess Club", "@chess", "\u2062\u2062\u2062\u2062\u2062", null, null));

        assertThat(IsolatedEmbedding.embed(e5, List.of(text)).get(0).ok()).isTrue();
    }
}
