package io.chorus.model;

import java.util.List;

/**
 * Whom a campaign targets. Empty lists and null bounds mean "any".
 *
 * @param communities   community labels or ids the author must belong to
 * @param minSentiment  lowest post sentiment (0-100) that qualifies
 * @param maxSentiment  highest post sentiment (0-100) that qualifies
 * @param keywords      at least one must occur in the post text (case-insensitive)
 * @param languages     post languages that qualify
 */
public record Audience(List<String> communities, Double minSentiment, Double maxSentiment, List<String> keywords,
                       List<String> languages) {

    public Audience {
        communities = communities == null ? List.of() : List.copyOf(communities);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        languages = languages == null ? List.of() : List.copyOf(languages);
    }
}
