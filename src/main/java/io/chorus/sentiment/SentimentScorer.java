package io.chorus.sentiment;

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

    /** A short stable name recorded on every scored post (e.g. {@code vader-lexicon}), so runs can be compared. */
    String name();
}
