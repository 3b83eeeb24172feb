package io.chorus.model;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The change between a profile and its previous version, computed on read: for every feature scored in both, now
 * minus then; the valence mean's change. Null deltas mean there was nothing to compare (no previous version, or an
 * offline profile without features).
 */
public record BehaviorDrift(String userId, Long fromVersion, long toVersion, Instant fromBuiltAt, Instant toBuiltAt,
                            Map<String, Double> featureDeltas, Double valenceDelta) {

    public static BehaviorDrift of(BehaviorProfile now) {
        BehaviorProfile.Previous then = now.previous();
        Map<String, Double> deltas = new TreeMap<>();
        if (then == null) {
            return new BehaviorDrift(now.userId(), null, now.version(), null, now.builtAt(), deltas, null);
        }
        now.features().forEach((feature, score) -> {
            Double before = then.features().get(feature);
            if (before != null && score != null) {
                deltas.put(feature, score - before);
            }
        });
        Double nowMean = now.valence() == null ? null : now.valence().mean();
        Double valenceDelta = nowMean == null || then.valenceMean() == null ? null : nowMean - then.valenceMean();
        return new BehaviorDrift(now.userId(), then.version(), now.version(), then.builtAt(), now.builtAt(), deltas, valenceDelta);
    }
}
