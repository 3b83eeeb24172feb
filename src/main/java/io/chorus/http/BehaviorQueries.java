package io.chorus.http;

import io.chorus.model.BehaviorDrift;
import io.chorus.model.BehaviorProfile;
import io.chorus.serde.Json;
import io.chorus.topology.BehaviorStage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
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
    private final HostInfo self;
    private final HttpClient http;
    private final String token;
    private final Duration remoteTimeout;

    BehaviorQueries(KafkaStreams streams, HostInfo self, HttpClient http, String token, Duration remoteTimeout) {
        this.streams = streams;
        this.self = self;
        this.http = http;
        this.token = token;
        this.remoteTimeout = remoteTimeout;
    }

    BehaviorView profile(String userId) {
        String store = BehaviorStage.PROFILES_STORE;
        KeyQueryMetadata meta;
        try {
            meta = streams.queryMetadataForKey(store, userId, Serdes.String().serializer());
        } catch (RuntimeException e) {
            throw ApiError.unavailable("no metadata for store " + store + " (" + e.getMessage() + "); retry shortly");
        }
        if (meta == null || KeyQueryMetadata.NOT_AVAILABLE.equals(meta) || meta.activeHost().port() < 0) {
            throw ApiError.unavailable("store " + store + " is not available (Kafka Streams is " + streams.state() + "); retry shortly");
        }
        if (self.equals(meta.activeHost())) {
            return local(userId);
        }
        return get(meta.activeHost(), "/api/internal/profiles/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/behavior");
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

    private BehaviorView get(HostInfo host, String path) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(remoteTimeout).header("Accept", "application/json").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw ApiError.unavailable("instance " + host.host() + ":" + host.port() + " did not answer " + path + " (" + e + "); retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("interrupted while asking " + host.host() + ":" + host.port());
        }
        if (response.statusCode() == 404) {
            throw new ApiError(404, "instance " + host.host() + ":" + host.port() + ": " + response.body());
        }
        if (response.statusCode() != 200) {
            throw new ApiError(response.statusCode() == 503 ? 503 : 502, "instance " + host.host() + ":" + host.port() + " answered "
                    + response.statusCode() + " to " + path + ": " + response.body());
        }
        try {
            return Json.mapper().readValue(response.body(), BehaviorView.class);
        } catch (IOException e) {
            throw new ApiError(502, "instance " + host.host() + ":" + host.port() + " sent an unreadable answer to " + path + ": "
                    + e.getMessage());
        }
    }
}
