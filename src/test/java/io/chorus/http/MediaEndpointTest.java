package io.chorus.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.media.ContentCard;
import io.chorus.media.MediaStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves GET /api/media/{hash} serves a stored file under its sniffed type with the API's token rules, and refuses malformed or unknown hashes with a clear error. */
class MediaEndpointTest {

    private static final String TOKEN = "media-test-token";

    @TempDir
    Path mediaDir;

    private ChorusHttpServer server;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.HTTP_PORT, 0, ChorusConfig.HTTP_TOKEN, TOKEN,
                ChorusConfig.MEDIA_DIR, mediaDir.toString()));
        server = new ChorusHttpServer(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        port = server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesAStoredCardAsPngToARequestWithTheToken() throws Exception {
        byte[] png = new ContentCard(300, 300).render("hello", "#ad");
        String hash = new MediaStore(mediaDir, 1 << 20).put(png).sha256();

        HttpResponse<byte[]> r = get("/api/media/" + hash, TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/png"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(c -> assertThat(c).contains("sandbox"));
        assertThat(r.body()).isEqualTo(png);
    }

    @Test
    void refusesARequestWithoutTheToken() throws Exception {
        String hash = new MediaStore(mediaDir, 1 << 20).put(new ContentCard(300, 300).render("hello", "#ad")).sha256();
        assertThat(get("/api/media/" + hash, null).statusCode()).isEqualTo(401);
        assertThat(get("/api/media/" + hash, "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void answersAMalformedHashWith400AndAnUnknownOneWith404() throws Exception {
        HttpResponse<byte[]> bad = get("/api/media/..%2F..%2Fetc%2Fpasswd", TOKEN);
        assertThat(bad.statusCode()).isIn(400, 404);
        HttpResponse<byte[]> upper = get("/api/media/" + "A".repeat(64), TOKEN);
        assertThat(upper.statusCode()).isEqualTo(400);
        assertThat(new String(upper.body())).contains("SHA-256");
        HttpResponse<byte[]> missing = get("/api/media/" + "0".repeat(64), TOKEN);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body())).contains("media.dir");
    }
}
