package io.chorus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.config.ChorusConfig;
import io.chorus.testing.SharedBroker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Proves instance-to-instance routing against a real second Chorus HTTP server: answers read, the token sent, 404
 * passed through, other failures mapped to 502 or 503, and 503 while Kafka Streams has no metadata.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceRouterTest {

    private static final String TOKEN = "router-token";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private ChorusHttpServer other;
    private HostInfo otherHost;
    private HttpClient http;

    @BeforeAll
    void startTheOtherInstance() {
        other = new ChorusHttpServer(new ChorusConfig(Map.of(ChorusConfig.HTTP_PORT, 0, ChorusConfig.HTTP_TOKEN, TOKEN)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        otherHost = new HostInfo("127.0.0.1", other.start());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() {
        other.close();
    }

    private InstanceRouter router(String token) {
        return new InstanceRouter(null, new HostInfo("127.0.0.1", 1), http, token, TIMEOUT);
    }

    private static int status(Runnable call) {
        return catchThrowableOfType(ApiError.class, call::run).status();
    }

    @Test
    void encodesSpacesInAPathSegmentAsPercent20() {
        assertThat(InstanceRouter.encode("a b")).isEqualTo("a%20b");
    }

    @Test
    void encodesSlashesSoThatASegmentStaysOneSegment() {
        assertThat(InstanceRouter.encode("a/b?c")).isEqualTo("a%2Fb%3Fc");
    }

    @Test
    void recognisesItselfByHostAndPort() {
        assertThat(router(TOKEN).isSelf(new HostInfo("127.0.0.1", 1))).isTrue();
    }

    @Test
    void doesNotTakeAnotherPortForItself() {
        assertThat(router(TOKEN).isSelf(new HostInfo("127.0.0.1", 2))).isFalse();
    }

    @Test
    void readsTheJsonAnswerOfTheOtherInstanceSendingTheToken() {
        JsonNode health = router(TOKEN).get(otherHost, "/api/health", JsonNode.class);
        assertThat(health.path("state").asText()).isEqualTo("NOT_ATTACHED");
    }

    @Test
    void reportsARefusedTokenAs502NamingTheInstance() {
        ApiError e = catchThrowableOfType(ApiError.class, () -> router("wrong").get(otherHost, "/api/health", JsonNode.class));
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.getMessage()).contains("127.0.0.1:" + otherHost.port()).contains("401");
    }

    @Test
    void passesA404Through() {
        assertThat(status(() -> router(TOKEN).get(otherHost, "/api/internal/no-such-thing", JsonNode.class))).isEqualTo(404);
    }

    @Test
    void passesA503Through() {
        assertThat(status(() -> router(TOKEN).get(otherHost, "/api/internal/sentiment/latest", JsonNode.class))).isEqualTo(503);
    }

    @Test
    void reportsAnAnswerThatIsNotJsonAs502() {
        assertThat(status(() -> router(TOKEN).get(otherHost, "/", JsonNode.class))).isEqualTo(502);
    }

    @Test
    void reportsAnInstanceThatDoesNotAnswerAs503() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int port = closedPort;
        assertThat(status(() -> router(TOKEN).get(new HostInfo("127.0.0.1", port), "/api/health", JsonNode.class))).isEqualTo(503);
    }

    @Test
    void answers503WhileKafkaStreamsHasNoMetadata() {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("router-test-input");
        try (KafkaStreams notStarted = new KafkaStreams(builder.build(), props)) {
            InstanceRouter router = new InstanceRouter(notStarted, new HostInfo("127.0.0.1", 1), http, null, TIMEOUT);
            assertThat(status(() -> router.owner("some-store", "key"))).isEqualTo(503);
        }
    }
}
