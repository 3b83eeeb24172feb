package io.chorus.http;

import io.chorus.model.BehaviorDrift;
import io.chorus.model.BehaviorProfile;
import io.chorus.behavior.BehaviorStage;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * "Then versus now" for one person: their latest behavioral profile, its previous version and the drift between the
 * two, from whichever instance holds the user's key (read from the local {@code behavior-profiles} store or fetched
 * from the owner's {@code /api/internal/...} endpoint, forwarded at most once).
 */
final class BehaviorQueries {

    /** The latest profile, the compact copy of the version before it (or null) and the change between them. */
    record BehaviorView(BehaviorProfile latest, BehaviorProfile.Previous previous, BehaviorDrift drift) {
    }

    private final KafkaStreams streams;
    private final InstanceRouter router;

    BehaviorQueries(InstanceRouter router) {
        this.router = router;
        this.streams = router.streams();
    }

    BehaviorView profile(String userId) {
        HostInfo owner = router.owner(BehaviorStage.PROFILES_STORE, userId);
        if (router.isSelf(owner)) {
            return local(userId);
        }
        return router.get(owner, "/api/internal/profiles/" + InstanceRouter.encode(userId) + "/behavior", BehaviorView.class);
    }

    /** From this instance's store only; 404 when this user has no profile (yet). */
    BehaviorView local(String userId) {
        ReadOnlyKeyValueStore<String, BehaviorProfile> store;
        try {
            store = streams.store(StoreQueryParameters.fromNameAndType(BehaviorStage.PROFILES_STORE,
                    QueryableStoreTypes.<String, BehaviorProfile>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("store " + BehaviorStage.PROFILES_STORE + " is not queryable here now (Kafka Streams is "
                    + streams.state() + ": " + e.getMessage() + "); retry shortly");
        }
        BehaviorProfile latest = store.get(userId);
        if (latest == null) {
            throw new ApiError(404, "no behavioral profile for user '" + userId + "' yet: a profile is built after "
                    + "behavior.refresh.posts posts of the user, or after behavior.refresh.interval.ms with a new post");
        }
        return new BehaviorView(latest, latest.previous(), BehaviorDrift.of(latest));
    }
}
