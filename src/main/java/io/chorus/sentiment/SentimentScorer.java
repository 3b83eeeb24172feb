package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores the sentiment of a text on the course's 0 (very negative) to 100 (very positive) scale, 50 neutral.
 *
 * <p>Implementations must be thread-safe: one instance is shared by every stream thread and by the batch
 * {@code chorus score} command. A scorer that calls a remote model may block; callers on a stream thread
 * must reach such scorers only through the async processor, never directly.
 */
public interface SentimentScorer {

    /** Scores {@code text}; an empty or blank text scores 50 (neutral). Never returns null. */
    Sentiment score(String text);

    /**
     * Scores a post whose language tag is {@code lang} (null when the post has none). Scorers that know which
     * languages they support return {@link SentimentLabel#UNSCORED} with the reason for the others; the default
     * ignores the language.
     */
    default Sentiment score(String text, String lang) {
        return score(text);
    }

    /**
     * Scores several posts at once ({@code langs} parallel to {@code texts}, entries may be null). Scorers that run a
     * neural model override it to batch the model call, which is several times faster than one call per text.
     */
    default List<Sentiment> scoreAll(List<String> texts, List<String> langs) {
        List<Sentiment> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(score(texts.get(i), langs == null ? null : langs.get(i)));
        }
        return out;
    }

    /** A short stable name recorded on every scored post (e.g. {@code vader-lexicon}), so runs can be compared. */
    String name();
}
