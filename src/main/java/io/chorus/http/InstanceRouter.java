package io.chorus.http;

import io.chorus.serde.Json;
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
import org.apache.kafka.streams.state.HostInfo;

/**
 * Interactive queries across instances: which instance holds a key of a store (Kafka Streams metadata), whether
 * that is this one, and the instance-to-instance GET of an {@code /api/internal/...} endpoint (with the bearer token)
 * when it is not. Shared by every query class so they route, time out and report errors the same way.
 */
final class InstanceRouter {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http;
    private final String token;
    private final Duration remoteTimeout;

    InstanceRouter(KafkaStreams streams, HostInfo self, HttpClient http, String token, Duration remoteTimeout) {
        this.streams = streams;
        this.self = self;
        this.http = http;
        this.token = token;
        this.remoteTimeout = remoteTimeout;
    }

    KafkaStreams streams() {
        return streams;
    }

    boolean isSelf(HostInfo host) {
        return self.equals(host);
    }

    /** The instance holding {@code key} of {@code store}; 503 while the metadata is not available (e.g. rebalancing). */
    HostInfo owner(String store, String key) {
        KeyQueryMetadata meta;
        try {
            meta = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        } catch (RuntimeException e) {
            throw ApiError.unavailable("no metadata for store " + store + " (" + e.getMessage() + "); retry shortly");
        }
        if (meta == null || KeyQueryMetadata.NOT_AVAILABLE.equals(meta) || meta.activeHost().port() < 0) {
            throw ApiError.unavailable("store " + store + " is not available (Kafka Streams is " + streams.state() + "); retry shortly");
        }
        return meta.activeHost();
    }

    /** A path segment, percent-encoded. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GETs {@code pathAndQuery} from {@code host} and reads the JSON answer; 404 passes through, other failures are 502/503. */
    <T> T get(HostInfo host, String pathAndQuery, Class<T> type) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(remoteTimeout).header("Accept", "application/json").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        String instance = "instance " + host.host() + ":" + host.port();
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw ApiError.unavailable(instance + " did not answer " + uri.getPath() + " (" + e + "); retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("interrupted while asking " + instance);
        }
        if (response.statusCode() == 404) {
            throw new ApiError(404, instance + ": " + response.body());
        }
        if (response.statusCode() != 200) {
            throw new ApiError(response.statusCode() == 503 ? 503 : 502, instance + " answered " + response.statusCode()
                    + " to " + uri.getPath() + ": " + response.body());
        }
        try {
            return Json.mapper().readValue(response.body(), type);
        } catch (IOException e) {
            throw new ApiError(502, instance + " sent an unreadable answer to " + uri.getPath() + ": " + e.getMessage());
        }
    }
}
