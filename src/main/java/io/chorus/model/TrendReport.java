package io.chorus.model;

import io.chorus.serde.Versioned;

import java.time.Instant;
import java.util.List;

/**
 * The terms whose frequency in one community and window rose above that community's own baseline, on
 * {@code chorus.trends} (compacted, key: {@code <communityId>@<window start, epoch ms>}).
 *
 * @param posts posts of the community in the window
 * @param terms trending terms, strongest first
 */
public record TrendReport(Integer schemaVersion, String communityId, String communityLabel, Instant windowStart, Instant windowEnd,
                          long posts, List<Term> terms) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public TrendReport {
        terms = terms == null ? List.of() : List.copyOf(terms);
    }

    /** Kinds of term. */
    public enum Kind { HASHTAG, MENTION, WORD }

    /**
     * @param count    occurrences in the window (a heavy-hitter estimate: never below the true count, at most
     *                 {@code error} above it)
     * @param error    the sketch's bound on over-counting for this term
     * @param baseline the community's exponentially weighted count of the term per earlier window
     * @param lift     (count + 1) / (baseline + 1)
     */
    public record Term(String term, Kind kind, long count, long error, double baseline, double lift) {
    }
}
