package io.chorus.model;

import io.chorus.sentiment.SentimentLabel;
import java.time.Instant;

/**
 * A post with its sentiment, on {@code chorus.posts.scored} (key: post id).
 *
 * @param score  0 (very negative) to 100 (very positive), 50 neutral
 * @param scorer name of the scorer that produced it, so runs under different scorers can be compared
 */
public record ScoredPost(Integer schemaVersion, String postId, String authorId, Post post, double score,
                         SentimentLabel label, String scorer, Instant scoredAt) implements Versioned {

    public static final int SCHEMA_VERSION = 1;
}
