package io.chorus.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whom a campaign targets. Empty lists, empty maps and null bounds mean "any".
 *
 * @param communities   community labels or ids the author must belong to
 * @param minSentiment  lowest post sentiment (0-100) that qualifies
 * @param maxSentiment  highest post sentiment (0-100) that qualifies
 * @param keywords      at least one must occur in the post text (case-insensitive)
 * @param languages     post languages that qualify
 * @param minFeatures   behavioral profile feature to its lowest qualifying score (0-100), e.g. {@code {"anxiety": 60}};
 *                      the author's latest profile must have every one of them at or above the minimum, so authors
 *                      without a profile, or with an offline profile (no features), never match
 */
public record Audience(List<String> communities, Double minSentiment, Double maxSentiment, List<String> keywords,
                       List<String> languages, Map<String, Double> minFeatures) {

    public Audience {
        communities = communities == null ? List.of() : List.copyOf(communities);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        languages = languages == null ? List.of() : List.copyOf(languages);
        minFeatures = minFeatures == null ? Map.of() : new TreeMap<>(minFeatures);
    }

    /** An audience without profile feature conditions. */
    public Audience(List<String> communities, Double minSentiment, Double maxSentiment, List<String> keywords, List<String> languages) {
        this(communities, minSentiment, maxSentiment, keywords, languages, null);
    }
}
