package io.chorus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.http.DashboardFixture.Author;
import io.chorus.http.DashboardFixture.Response;
import io.chorus.http.DashboardFixture.Sent;
import io.chorus.testing.TopicReader;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Proves social listening end to end on the broker, through the API a dashboard uses: one community's posts turn
 * negative and carry a new hashtag for two minutes; {@code /api/alerts} then shows one alert for that community with
 * its evidence, {@code /api/trends} shows the hashtag in that community's trends only, and {@code /metrics} exports
 * the open-alert gauge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ListeningApiTest {

    private static final String TARGET = "games";

    private ChorusApp app;
    private Producer<byte[], byte[]> producer;
    private String base;
    private Map<String, String> communityOfGroup;

    @BeforeAll
    void runAFeedWithAShift() {
        ChorusConfig config = DashboardFixture.config(Map.of(ChorusConfig.LISTENING_WINDOW, "1m", ChorusConfig.LISTENING_LATENESS_MS, 20_000L,
                ChorusConfig.ALERTS_MIN_POSTS, 6, ChorusConfig.ALERTS_OVERALL, false, ChorusConfig.TRENDS_MIN_COUNT, 4,
                ChorusConfig.GENERATION_ENABLED, false));
        Topics topics = Topics.from(config);
        app = DashboardFixture.start(config, true);
        producer = FeedProducer.producer(config.kafkaClientProps());
        base = app.httpUrl();
        app.awaitRunning(Duration.ofSeconds(90));

        List<Author> authors = DashboardFixture.authors(3);
        DashboardFixture.produceProfiles(producer, topics, authors);
        communityOfGroup = DashboardFixture.awaitCommunities(base, null, authors);

        // Minute by minute, each one processed before the next is sent, as a live feed arrives.
        Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(40, ChronoUnit.MINUTES);
        int produced = 0;
        for (int m = 0; m < 10; m++) {
            Instant minute = first.plus(m, ChronoUnit.MINUTES);
            boolean shifted = m == 5 || m == 6;
            List<Sent> batch = new ArrayList<>();
            int n = 0;
            for (Author a : authors) {
                for (int i = 0; i < 2; i++) {
                    boolean target = a.group().equals(TARGET);
                    String text = target && shifted ? "a bad day, #PatchDisaster broke everything for " + a.group()
                            : "a good day for " + a.group() + " friends";
                    batch.add(new Sent("m" + m + "-" + (n++), a.userId(), a.group(), text, minute.plusSeconds(5L * n % 55)));
                }
            }
            batch.forEach(s -> DashboardFixture.produce(producer, topics, s));
            producer.flush();
            produced += batch.size();
            int expected = produced;
            await("minute " + m + " enriched").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                    .until(() -> TopicReader.readAll(config.bootstrapServers(), topics.name(TopicId.ENRICHED)).size() >= expected);
        }
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void showsOneAlertForTheCommunityWhoseMoodTurnedWithItsEvidence() {
        String target = communityOfGroup.get(TARGET);
        await("alert").atMost(Duration.ofSeconds(60)).until(() -> DashboardFixture.get(base + "api/alerts?status=all", (String) null)
                .json().path("alerts").size() > 0);
        JsonNode alerts = DashboardFixture.get(base + "api/alerts?status=all", (String) null).json().path("alerts");
        List<String> communities = new ArrayList<>();
        alerts.forEach(a -> communities.add(a.path("communityId").asText()));
        assertThat(communities).containsOnly(target);
        assertThat(alerts).hasSize(1);
        JsonNode opened = alerts.get(0);
        assertThat(opened.path("direction").asText()).isEqualTo("NEGATIVE");
        assertThat(opened.path("evidence").path("posts").asLong()).isEqualTo(6);
        assertThat(opened.path("evidence").path("currentMean").asDouble()).isLessThan(opened.path("evidence").path("baselineMean").asDouble());
        assertThat(opened.path("evidence").path("examplePostIds")).isNotEmpty();
    }

    @Test
    void showsTheNewHashtagInItsCommunitysTrendsOnly() {
        String target = communityOfGroup.get(TARGET);
        await("trends").atMost(Duration.ofSeconds(60)).until(() ->
                DashboardFixture.get(base + "api/trends?community=" + target, (String) null).json().path("reports").size() > 0);
        assertThat(DashboardFixture.get(base + "api/trends?community=" + target, (String) null).body()).contains("#patchdisaster");
        for (var e : communityOfGroup.entrySet()) {
            if (!e.getKey().equals(TARGET)) {
                Response other = DashboardFixture.get(base + "api/trends?community=" + e.getValue(), (String) null);
                assertThat(other.status()).isEqualTo(200);
                assertThat(other.body()).doesNotContain("#patchdisaster");
            }
        }
    }

    @Test
    void theLiveFeedCarriesTheAlert() throws Exception {
        await("alert").atMost(Duration.ofSeconds(60)).until(() -> DashboardFixture.get(base + "api/alerts?status=all", (String) null)
                .json().path("alerts").size() > 0);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "api/feed"))
                .header("Accept", "text/event-stream").GET().build();
        java.net.http.HttpResponse<java.io.InputStream> response = DashboardFixture.HTTP.send(request,
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        java.util.concurrent.CompletableFuture<String> alertData = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(), java.nio.charset.StandardCharsets.UTF_8))) {
                String event = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:") && "alert".equals(event)) {
                        alertData.complete(line);
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                alertData.completeExceptionally(e);
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        // the feed replays its recent events to a new client, the alert among them
        String data = alertData.get(60, TimeUnit.SECONDS);
        assertThat(data).contains(communityOfGroup.get(TARGET)).contains("NEGATIVE");
        response.body().close();
    }

    @Test
    void refusesATrendsQueryWithoutACommunity() {
        assertThat(DashboardFixture.get(base + "api/trends", (String) null).status()).isEqualTo(400);
    }

    @Test
    void exportsTheOpenAlertGaugeToPrometheus() {
        await("metric").atMost(Duration.ofSeconds(90)).until(() -> DashboardFixture.get(base + "metrics", (String) null).body()
                .contains("chorus_listening_alerts_open"));
    }
}
