package io.chorus.model;

import io.chorus.sentiment.SentimentLabel;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A post with its sentiment, on {@code chorus.posts.scored} (key: post id).
 *
 * @param score    0 (very negative) to 100 (very positive), 50 neutral
 * @param scorer   name of the scorer that produced it, so runs under different scorers can be compared
 * @param emotions per-post emotion scores (each configured feature, 0–100) from the model when
 *                 {@code emotions.enabled=true}; null otherwise (emotions need a model)
 */
public record ScoredPost(Integer schemaVersion, String postId, String authorId, Post post, double score,
                         SentimentLabel label, String scorer, Instant scoredAt, Map<String, Double> emotions) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public ScoredPost {
        emotions = emotions == null ? null : new TreeMap<>(emotions);
    }

    /** A scored post without emotions. */
    public ScoredPost(Integer schemaVersion, String postId, String authorId, Post post, double score, SentimentLabel label,
                      String scorer, Instant scoredAt) {
        this(schemaVersion, postId, authorId, post, score, label, scorer, scoredAt, null);
    }

    /** The same post with its emotions. */
    public ScoredPost withEmotions(Map<String, Double> newEmotions) {
        return new ScoredPost(schemaVersion, postId, authorId, post, score, label, scorer, scoredAt, newEmotions);
    }
}
