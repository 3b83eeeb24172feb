package io.chorus.model;

import io.chorus.serde.Versioned;

import java.time.Instant;

/**
 * Sentiment of one community in one time window, on {@code chorus.stats.community-sentiment} (key: community id)
 * and in the queryable window stores {@code community-sentiment-<size>}.
 *
 * @param windowStart inclusive, event time
 * @param windowEnd   exclusive, event time
 */
public record SentimentStats(Integer schemaVersion, String communityId, String communityLabel, Instant windowStart,
                             Instant windowEnd, long count, double scoreSum, long positive, long neutral, long negative)
        implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public static SentimentStats empty() {
        return new SentimentStats(SCHEMA_VERSION, null, null, null, null, 0, 0, 0, 0, 0);
    }

    public double meanScore() {
        return count == 0 ? Double.NaN : scoreSum / count;
    }

    /** This window's stats with one more scored post. */
    public SentimentStats add(String communityId, String communityLabel, double score, SentimentLabel label) {
        return new SentimentStats(SCHEMA_VERSION, communityId, communityLabel == null ? this.communityLabel : communityLabel,
                windowStart, windowEnd, count + 1, scoreSum + score,
                positive + (label == SentimentLabel.POSITIVE ? 1 : 0), neutral + (label == SentimentLabel.NEUTRAL ? 1 : 0),
                negative + (label == SentimentLabel.NEGATIVE ? 1 : 0));
    }

    public SentimentStats withWindow(Instant start, Instant end) {
        return new SentimentStats(SCHEMA_VERSION, communityId, communityLabel, start, end, count, scoreSum, positive, neutral, negative);
    }
}
