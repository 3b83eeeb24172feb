package io.chorus.behavior;

import io.chorus.model.BehaviorProfile;
import io.chorus.model.BehaviorRequest;
import io.chorus.model.BehaviorRequest.WindowPost;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What Chorus computes about a person without a model, and how a profile reads in a persona. Offline profiles are
 * honest: valence statistics of the sentiment scores, the posting rate and the community, marked {@code offline} with
 * {@link BehaviorProfile#OFFLINE_NOTE}, and no emotion features at all (never guessed from the lexicon).
 */
public final class BehaviorProfiles {

    /** Features shown in a persona's behavior line. */
    static final int PERSONA_FEATURES = 3;

    private BehaviorProfiles() {
    }

    /** Mean, population standard deviation, min and max of the window's sentiment scores. */
    public static BehaviorProfile.ValenceStats valence(List<WindowPost> posts, String scorer) {
        if (posts.isEmpty()) {
            return new BehaviorProfile.ValenceStats(0, null, null, null, null, scorer);
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (WindowPost p : posts) {
            sum += p.score();
            min = Math.min(min, p.score());
            max = Math.max(max, p.score());
        }
        double mean = sum / posts.size();
        double squares = 0;
        for (WindowPost p : posts) {
            squares += (p.score() - mean) * (p.score() - mean);
        }
        return new BehaviorProfile.ValenceStats(posts.size(), mean, Math.sqrt(squares / posts.size()), min, max, scorer);
    }

    /** Posts per hour over the window's event-time span; null with fewer than two posts or no span. */
    public static Double postsPerHour(List<WindowPost> posts) {
        if (posts.size() < 2) {
            return null;
        }
        var first = posts.stream().map(WindowPost::at).min(Comparator.naturalOrder()).orElseThrow();
        var last = posts.stream().map(WindowPost::at).max(Comparator.naturalOrder()).orElseThrow();
        long ms = Duration.between(first, last).toMillis();
        return ms <= 0 ? null : (posts.size() - 1) * 3_600_000.0 / ms;
    }

    /** The offline profile of a request: no features, the honest local statistics, marked and explained. */
    public static BehaviorProfile offline(BehaviorRequest request, Clock clock) {
        return new BehaviorProfile(BehaviorProfile.SCHEMA_VERSION, request.userId(), request.version(), Map.of(), Map.of(),
                request.valence(), request.postsPerHour(), request.communityId(), request.postIds(), BehaviorProfile.OFFLINE_MODEL,
                null, true, BehaviorProfile.OFFLINE_NOTE, clock.instant(), null);
    }

    /**
     * One line for a persona: the strongest features with their reasons, e.g. {@code anxiety 80 (worries about rent);
     * anger 55 (...)}; for an offline profile the valence summary, said to be offline.
     */
    public static String personaLine(BehaviorProfile profile) {
        if (profile == null) {
            return null;
        }
        if (profile.features().isEmpty()) {
            var v = profile.valence();
            return v == null || v.mean() == null ? null
                    : String.format(Locale.ROOT, "mean sentiment %.0f of 100 over %d posts (offline profile, no emotion features)",
                    v.mean(), v.count());
        }
        return profile.features().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(PERSONA_FEATURES)
                .map(e -> {
                    String reason = profile.reasons().get(e.getKey());
                    return String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()) + (reason == null ? "" : " (" + reason + ")");
                })
                .collect(Collectors.joining("; "));
    }

    /** True when the profile has every feature at or above its minimum; offline profiles have none, so never match. */
    public static boolean meets(BehaviorProfile profile, Map<String, Double> minFeatures) {
        if (minFeatures == null || minFeatures.isEmpty()) {
            return true;
        }
        if (profile == null) {
            return false;
        }
        for (var min : minFeatures.entrySet()) {
            Double score = profile.features().get(min.getKey());
            if (score == null || min.getValue() == null || score < min.getValue()) {
                return false;
            }
        }
        return true;
    }
}
