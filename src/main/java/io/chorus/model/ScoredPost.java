package io.chorus.model;

import io.chorus.serde.Versioned;

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
 * @param confidence     the scorer's probability (0..1) that {@code label} is right; null for scorers without
 *                       calibrated probabilities (VADER, a model's bare number)
 * @param unscoredReason why the scorer declined to judge the post ({@code label} UNSCORED, e.g. its language);
 *                       null otherwise. An UNSCORED post's {@code score} carries no meaning: skip it in aggregates
 */
public record ScoredPost(Integer schemaVersion, String postId, String authorId, Post post, double score,
                         SentimentLabel label, String scorer, Instant scoredAt, Map<String, Double> emotions,
                         Double confidence, String unscoredReason) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public ScoredPost {
        emotions = emotions == null ? null : new TreeMap<>(emotions);
    }

    /** A scored post without a confidence. */
    public ScoredPost(Integer schemaVersion, String postId, String authorId, Post post, double score, SentimentLabel label,
                      String scorer, Instant scoredAt, Map<String, Double> emotions) {
        this(schemaVersion, postId, authorId, post, score, label, scorer, scoredAt, emotions, null, null);
    }

    /** A post with the judgement of an in-process scorer. */
    public static ScoredPost of(Post post, io.chorus.sentiment.Sentiment s, String scorer, Instant scoredAt) {
        return new ScoredPost(SCHEMA_VERSION, post.id(), post.authorId(), post, s.score(), s.label(), scorer, scoredAt, null,
                s.confidence(), s.reason());
    }

    /** Whether a scorer judged the post (false: UNSCORED, with a reason). */
    public boolean judged() {
        return label != SentimentLabel.UNSCORED;
    }

    /** A scored post without emotions. */
    public ScoredPost(Integer schemaVersion, String postId, String authorId, Post post, double score, SentimentLabel label,
                      String scorer, Instant scoredAt) {
        this(schemaVersion, postId, authorId, post, score, label, scorer, scoredAt, null, null, null);
    }

    /** The same post with its emotions. */
    public ScoredPost withEmotions(Map<String, Double> newEmotions) {
        return new ScoredPost(schemaVersion, postId, authorId, post, score, label, scorer, scoredAt, newEmotions, confidence,
                unscoredReason);
    }
}
