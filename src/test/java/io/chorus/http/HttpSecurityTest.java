package io.chorus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.config.ChorusConfig;
import io.chorus.serde.Json;
import io.chorus.testing.SharedBroker;
import io.chorus.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the HTTP API's security model: no unauthenticated API beyond loopback (start-up fails naming the key), the
 * Host header checked when there is no token (DNS rebinding), the token never in the page's query, no referrer sent,
 * and a 500 that shows an error id instead of the exception.
 */
class HttpSecurityTest {

    private ChorusHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ChorusConfig config(Map<String, ?> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put(ChorusConfig.HTTP_PORT, 0);
        props.putAll(extra);
        return new ChorusConfig(props);
    }

    private int start(Map<String, ?> extra) {
        server = new ChorusHttpServer(config(extra), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        return server.start();
    }

    /** A raw HTTP/1.1 exchange, so the Host header can be anything (java.net.http does not let a caller set it). */
    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private static Answer get(int port, String path, String host, String authorization) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "Connection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = response.indexOf("\r\n\r\n");
            String[] lines = response.substring(0, headerEnd).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, response.substring(headerEnd + 4));
        }
    }

    private static Answer get(int port, String path, String host) throws IOException {
        return get(port, path, host, null);
    }

    @Test
    void refusesANonLoopbackBindWithoutATokenNamingTheKeys() {
        assertThatThrownBy(() -> new ChorusHttpServer(config(Map.of(ChorusConfig.HTTP_BIND, "0.0.0.0")),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.bind").hasMessageContaining("http.token");
    }

    @Test
    void acceptsANonLoopbackBindWithAToken() {
        assertThatCode(() -> ChorusHttpServer.checkBind(config(Map.of(ChorusConfig.HTTP_BIND, "0.0.0.0")), true)).doesNotThrowAnyException();
    }

    @Test
    void acceptsANonLoopbackBindWhenUnauthenticatedBindIsAllowedExplicitly() {
        assertThatCode(() -> ChorusHttpServer.checkBind(config(Map.of(ChorusConfig.HTTP_BIND, "0.0.0.0",
                ChorusConfig.HTTP_ALLOW_UNAUTHENTICATED_BIND, true)), false)).doesNotThrowAnyException();
    }

    @Test
    void treatsLoopbackAddressesAndLocalhostAsLoopback() {
        assertThat(Set.of("127.0.0.1", "127.0.0.2", "::1", "localhost")).allSatisfy(b -> assertThat(ChorusHttpServer.isLoopback(b)).as(b).isTrue());
    }

    @Test
    void treatsTheWildcardAndAnEmptyBindAsNotLoopback() {
        assertThat(Set.of("0.0.0.0", "::", "", "10.1.2.3")).allSatisfy(b -> assertThat(ChorusHttpServer.isLoopback(b)).as(b).isFalse());
    }

    @Test
    void refusesAForeignHostHeaderWithoutAToken() throws IOException {
        int port = start(Map.of());
        Answer answer = get(port, "/api/health", "rebind.attacker.example:" + port);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).contains("Host").contains("http.token");
    }

    @Test
    void refusesAForeignHostHeaderOnThePageToo() throws IOException {
        int port = start(Map.of());
        assertThat(get(port, "/", "rebind.attacker.example").status()).isEqualTo(403);
    }

    @Test
    void servesLoopbackNamesAndAddressesInTheHostHeader() throws IOException {
        int port = start(Map.of());
        for (String host : new String[] {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST", "app.localhost:" + port}) {
            assertThat(get(port, "/api/health", host).status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void servesTheAdvertisedHostInTheHostHeader() throws IOException {
        int port = start(Map.of(ChorusConfig.HTTP_ADVERTISED_HOST, "chorus-1.internal"));
        assertThat(get(port, "/api/health", "chorus-1.internal:" + port).status()).isEqualTo(200);
    }

    @Test
    void leavesTheHostHeaderToTheTokenWhenATokenIsSet() throws IOException {
        int port = start(Map.of(ChorusConfig.HTTP_TOKEN, "t0ken"));
        assertThat(get(port, "/api/health", "anything.example", "Bearer t0ken").status()).isEqualTo(200);
    }

    @Test
    void doesNotTakeLookAlikeLoopbackNamesForLoopback() {
        assertThat(Set.of("localhost.attacker.example", "127.0.0.1.nip.io", "localhost@evil", "evil/localhost"))
                .allSatisfy(h -> assertThat(ChorusHttpServer.isAllowedHost(h, Set.of())).as(h).isFalse());
    }

    @Test
    void sendsNoReferrerFromThePage() throws IOException {
        int port = start(Map.of());
        assertThat(get(port, "/", "localhost:" + port).headers()).containsEntry("referrer-policy", "no-referrer");
    }

    @Test
    void sendsNoReferrerFromTheApi() throws IOException {
        int port = start(Map.of());
        assertThat(get(port, "/api/health", "localhost:" + port).headers()).containsEntry("referrer-policy", "no-referrer");
    }

    @Test
    void refusesThePageWithTheTokenInItsQuery() throws IOException {
        int port = start(Map.of(ChorusConfig.HTTP_TOKEN, "t0ken"));
        Answer answer = get(port, "/?token=t0ken", "localhost:" + port);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("#token=").doesNotContain("t0ken");
    }

    @Test
    void thePageTakesTheTokenFromTheFragmentOnly() throws IOException {
        int port = start(Map.of());
        String script = get(port, "/app.js", "localhost:" + port).body();
        assertThat(script).contains("location.hash").doesNotContain("new URLSearchParams(location.search)");
    }

    @Test
    void answersAnUnexpectedFailureWithAnErrorIdAndNoExceptionText() throws IOException {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.HTTP_PORT, 0));
        server = new ChorusHttpServer(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        int port = server.start();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("http-security-unused");
        // Stands in for any unexpected failure inside a handler: the exception text holds something internal.
        try (FailingStreams streams = new FailingStreams(builder, props)) {
            server.attach(streams, Topics.from(config));
            streams.failing = true;
            Answer answer = get(port, "/api/health", "localhost:" + port);
            assertThat(answer.status()).isEqualTo(500);
            JsonNode body = Json.mapper().readTree(answer.body());
            assertThat(body.path("errorId").asText()).isNotBlank();
            assertThat(body.path("error").asText()).contains(body.path("errorId").asText());
            assertThat(answer.body()).doesNotContain("/var/lib/secret").doesNotContain("IllegalStateException");
        }
    }

    private static final class FailingStreams extends KafkaStreams {
        volatile boolean failing;

        FailingStreams(StreamsBuilder builder, Properties props) {
            super(builder.build(), props);
        }

        @Override
        public State state() {
            if (failing) {
                throw new IllegalStateException("broken store under /var/lib/secret/state-7");
            }
            return super.state();
        }
    }
}
