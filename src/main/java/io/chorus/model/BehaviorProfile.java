package io.chorus.model;

import io.chorus.serde.Versioned;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A person's behavioral profile, built from their last posts, on {@code chorus.profiles.behavior} (key: user id,
 * compacted). Each build gets the next {@code version}; {@code previous} is a compact copy of the version before it,
 * so "then versus now" ({@link BehaviorDrift}) can be answered from the latest record alone.
 *
 * <p>Offline profiles ({@code offline == true}) carry only what Chorus computes honestly without a model: valence
 * statistics from the sentiment scorer, the posting rate and the community. Their {@code features} and
 * {@code reasons} are empty and {@code note} says why.
 *
 * @param features      configured feature name to score 0–100 (empty offline)
 * @param reasons       feature name to a one-line reason from the model (empty offline)
 * @param valence       statistics of the window's sentiment scores (0–100)
 * @param postsPerHour  posts per hour over the window's time span; null with fewer than two posts or no time span
 * @param postIds       the window the profile was built from, oldest first
 * @param model         the model that scored the features, or {@value #OFFLINE_MODEL}
 * @param promptVersion the prompt version, or null offline
 */
public record BehaviorProfile(Integer schemaVersion, String userId, long version, Map<String, Double> features,
                              Map<String, String> reasons, ValenceStats valence, Double postsPerHour, String communityId,
                              List<String> postIds, String model, String promptVersion, boolean offline, String note,
                              Instant builtAt, Previous previous, List<String> imageUrls) implements Versioned {

    public static final int SCHEMA_VERSION = 1;
    public static final String OFFLINE_MODEL = "offline";
    public static final String OFFLINE_NOTE =
            "Emotion features need a model; this profile carries only valence statistics, posting rate and community.";

    public BehaviorProfile {
        features = features == null ? Map.of() : new TreeMap<>(features);
        reasons = reasons == null ? Map.of() : new TreeMap<>(reasons);
        postIds = postIds == null ? List.of() : List.copyOf(postIds);
        imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
    }

    /** A profile built from posts alone (no images sent to the model). */
    public BehaviorProfile(Integer schemaVersion, String userId, long version, Map<String, Double> features, Map<String, String> reasons,
                           ValenceStats valence, Double postsPerHour, String communityId, List<String> postIds, String model,
                           String promptVersion, boolean offline, String note, Instant builtAt, Previous previous) {
        this(schemaVersion, userId, version, features, reasons, valence, postsPerHour, communityId, postIds, model, promptVersion, offline,
                note, builtAt, previous, List.of());
    }

    /** Statistics of sentiment scores (0–100) over the window; null fields when the window is empty. */
    public record ValenceStats(int count, Double mean, Double stddev, Double min, Double max, String scorer) {
    }

    /** What drift needs of the version before: its number, features, valence mean and build time. */
    public record Previous(long version, Map<String, Double> features, Double valenceMean, Instant builtAt) {
        public Previous {
            features = features == null ? Map.of() : new TreeMap<>(features);
        }
    }

    /** This profile as the {@code previous} of the next version. */
    public Previous asPrevious() {
        return new Previous(version, features, valence == null ? null : valence.mean(), builtAt);
    }

    /** The same profile with another version number and previous copy (set when the profile is stored). */
    public BehaviorProfile withHistory(long newVersion, Previous newPrevious) {
        return new BehaviorProfile(schemaVersion, userId, newVersion, features, reasons, valence, postsPerHour, communityId, postIds,
                model, promptVersion, offline, note, builtAt, newPrevious, imageUrls);
    }
}
