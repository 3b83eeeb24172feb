package io.chorus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the remote GET of {@link InstanceRouter} against a plain JDK HTTP server that records what it was sent:
 * the path and query as given, the bearer token only when one is set, and 503 naming the instance when it does not
 * answer within the remote timeout.
 */
class InstanceRouterRemoteTest {

    /** What the server got: request URI and Authorization header (null when absent). */
    private record Received(URI uri, String authorization) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch answerSlowPath = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer server;
    private HostInfo host;
    private HttpClient http;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/internal/", exchange -> {
            received.add(new Received(exchange.getRequestURI(), exchange.getRequestHeaders().getFirst("Authorization")));
            if (exchange.getRequestURI().getPath().endsWith("/slow")) {
                await(answerSlowPath);
            }
            answer(exchange, "{\"path\":\"" + exchange.getRequestURI().getRawPath() + "\"}");
        });
        server.setExecutor(handlers);
        server.start();
        host = new HostInfo("127.0.0.1", server.getAddress().getPort());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        answerSlowPath.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private InstanceRouter router(String token, Duration timeout) {
        return new InstanceRouter(null, new HostInfo("127.0.0.1", 1), http, token, timeout);
    }

    @Test
    void sendsThePathAndQueryAsGiven() {
        String path = "/api/internal/sentiment/" + InstanceRouter.encode("c 1/x") + "?window=1m&limit=5";
        router("t", Duration.ofSeconds(20)).get(host, path, JsonNode.class);
        assertThat(received).singleElement().extracting(r -> r.uri().toString()).isEqualTo(path);
    }

    @Test
    void readsTheAnswerAsJson() {
        JsonNode answer = router("t", Duration.ofSeconds(20)).get(host, "/api/internal/a%20b", JsonNode.class);
        assertThat(answer.path("path").asText()).isEqualTo("/api/internal/a%20b");
    }

    @Test
    void sendsTheTokenAsABearerHeader() {
        router("secret", Duration.ofSeconds(20)).get(host, "/api/internal/x", JsonNode.class);
        assertThat(received).singleElement().extracting(Received::authorization).isEqualTo("Bearer secret");
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutAToken() {
        router(null, Duration.ofSeconds(20)).get(host, "/api/internal/x", JsonNode.class);
        assertThat(received).singleElement().extracting(Received::authorization).isNull();
    }

    @Test
    void reportsAnInstanceThatDoesNotAnswerInTimeAs503NamingIt() {
        ApiError e = catchThrowableOfType(ApiError.class,
                () -> router("t", Duration.ofMillis(300)).get(host, "/api/internal/slow", JsonNode.class));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.getMessage()).contains("127.0.0.1:" + host.port()).contains("/api/internal/slow");
    }
}
