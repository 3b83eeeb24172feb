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
import io.chorus.topics.Topics;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the HTTP API against a running pipeline on the embedded broker: communities, windowed sentiment (counts add
 * up to the posts produced), readiness, Prometheus metrics, the latest-content buffer, the SSE live feed, bad
 * parameters answered 400, and the bearer token (missing or wrong: 401; right: 200).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HttpApiTest {

    private static final String TOKEN = "s3cret-token";

    private ChorusConfig config;
    private Topics topics;
    private ChorusApp app;
    private Producer<byte[], byte[]> producer;
    private String base;
    private Instant minute;
    private List<Sent> sent;
    private Map<String, String> communityOfGroup;

    @BeforeAll
    void startPipelineAndProduce() {
        config = DashboardFixture.config(Map.of(ChorusConfig.HTTP_TOKEN, TOKEN));
        topics = Topics.from(config);
        app = DashboardFixture.start(config, true);
        producer = FeedProducer.producer(config.kafkaClientProps());
        base = app.httpUrl();
        app.awaitRunning(Duration.ofSeconds(90));
        await("live feed positioned").atMost(Duration.ofSeconds(60))
                .until(() -> "LIVE".equals(DashboardFixture.get(base + "api/health", TOKEN).json().path("feed").asText()));

        List<Author> authors = DashboardFixture.authors(3);
        DashboardFixture.produceProfiles(producer, topics, authors);
        communityOfGroup = DashboardFixture.awaitCommunities(base, TOKEN, authors);

        minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.MINUTES);
        sent = DashboardFixture.producePosts(producer, topics, authors, 3, minute, "p");
        await("sentiment of all " + sent.size() + " posts").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(totalCount(sentiment("window=1m" + range()))).isEqualTo(sent.size()));
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

    private String range() {
        return "&from=" + minute.minus(1, ChronoUnit.HOURS) + "&to=" + minute.plus(1, ChronoUnit.HOURS);
    }

    private JsonNode sentiment(String query) {
        Response r = DashboardFixture.get(base + "api/sentiment?" + query, TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private long totalCount(JsonNode all) {
        long total = 0;
        for (String id : communityOfGroup.values()) {
            for (JsonNode w : all.path("communities").path(id)) {
                total += w.get("count").asLong();
            }
        }
        return total;
    }

    @Test
    void listsCommunitiesLargestFirstWithLabelsAndTerms() {
        Response r = DashboardFixture.get(base + "api/communities", TOKEN);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).hasSize(5);
        long previous = Long.MAX_VALUE;
        for (JsonNode c : r.json()) {
            assertThat(c.get("id").asText()).isNotBlank();
            assertThat(c.get("label").asText()).isNotBlank();
            assertThat(c.get("terms")).isNotEmpty();
            assertThat(c.get("size").asLong()).isEqualTo(3).isLessThanOrEqualTo(previous);
            previous = c.get("size").asLong();
        }
    }

    @Test
    void countsOfEveryCommunityAddUpToThePostsProducedByItsAuthors() {
        for (var e : communityOfGroup.entrySet()) {
            List<Sent> mine = sent.stream().filter(s -> s.group().equals(e.getKey())).toList();
            Response r = DashboardFixture.get(base + "api/communities/" + e.getValue() + "/sentiment?window=1m" + range(), TOKEN);

            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.get("communityId").asText()).isEqualTo(e.getValue());
            assertThat(body.get("window").asText()).isEqualTo("1m");
            JsonNode windows = body.get("windows");
            assertThat(windows).hasSize(1);
            JsonNode w = windows.get(0);
            assertThat(Instant.parse(w.get("start").asText())).isEqualTo(minute);
            assertThat(Instant.parse(w.get("end").asText())).isEqualTo(minute.plus(1, ChronoUnit.MINUTES));
            assertThat(w.get("count").asLong()).isEqualTo(mine.size());
            assertThat(w.get("positive").asLong()).isEqualTo(mine.stream().filter(s -> s.score() == 90).count());
            assertThat(w.get("negative").asLong()).isEqualTo(mine.stream().filter(s -> s.score() == 10).count());
            assertThat(w.get("neutral").asLong()).isEqualTo(mine.stream().filter(s -> s.score() == 50).count());
            assertThat(w.get("meanScore").asDouble()).isCloseTo(mine.stream().mapToDouble(Sent::score).average().orElseThrow(),
                    org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void allCommunitiesSentimentCoversEveryPostInBothWindowSizesAndDefaultsToTheLatestHourOfStreamData() {
        JsonNode oneMinute = sentiment("window=1m" + range());
        JsonNode oneHour = sentiment("window=1h" + range());
        JsonNode byDefault = sentiment("window=1m");

        assertThat(totalCount(oneMinute)).isEqualTo(sent.size());
        assertThat(totalCount(oneHour)).isEqualTo(sent.size());
        assertThat(oneMinute.get("labels").size()).isGreaterThanOrEqualTo(5);
        assertThat(Instant.parse(byDefault.get("to").asText())).isEqualTo(minute);
        assertThat(Instant.parse(byDefault.get("from").asText())).isEqualTo(minute.minus(1, ChronoUnit.HOURS));
        assertThat(totalCount(byDefault)).isEqualTo(sent.size());
    }

    @Test
    void spanIsTheEarliestAndLatestWindowStartInTheLargestWindowByDefault() {
        JsonNode byDefault = DashboardFixture.get(base + "api/sentiment/span", TOKEN).json();
        JsonNode minutes = DashboardFixture.get(base + "api/sentiment/span?window=1m", TOKEN).json();

        assertThat(byDefault.get("window").asText()).isEqualTo("1h");
        assertThat(Instant.parse(byDefault.get("from").asText())).isEqualTo(minute.truncatedTo(ChronoUnit.HOURS));
        // (other tests of this class may add later posts, never earlier ones)
        assertThat(Instant.parse(byDefault.get("to").asText())).isAfterOrEqualTo(minute.truncatedTo(ChronoUnit.HOURS));
        assertThat(Instant.parse(minutes.get("from").asText())).isEqualTo(minute);
        assertThat(Instant.parse(minutes.get("to").asText())).isAfterOrEqualTo(minute);
        assertThat(DashboardFixture.get(base + "api/sentiment/span?window=7x", TOKEN).status()).isEqualTo(400);
    }

    @Test
    void answersBadParametersWith400NamingTheParameter() {
        Response window = DashboardFixture.get(base + "api/sentiment?window=7x", TOKEN);
        Response from = DashboardFixture.get(base + "api/communities/x/sentiment?from=yesterday", TOKEN);
        Response order = DashboardFixture.get(base + "api/sentiment?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", TOKEN);
        Response limit = DashboardFixture.get(base + "api/content/latest?limit=zero", TOKEN);

        assertThat(window.status()).isEqualTo(400);
        assertThat(window.json().get("error").asText()).contains("'window'").contains("1m");
        assertThat(from.status()).isEqualTo(400);
        assertThat(from.json().get("error").asText()).contains("'from'");
        assertThat(order.status()).isEqualTo(400);
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.json().get("error").asText()).contains("'limit'");
    }

    @Test
    void reportsHealthAndReadinessFromKafkaStreams() {
        Response health = DashboardFixture.get(base + "api/health", TOKEN);
        Response ready = DashboardFixture.get(base + "api/ready", TOKEN);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("state").asText()).isEqualTo("RUNNING");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void exposesKafkaStreamsAndChorusMetricsInPrometheusFormat() {
        Response metrics = DashboardFixture.get(base + "metrics", TOKEN);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body()).containsPattern("(?m)^kafka_stream_\\w+")
                .containsPattern("(?m)^chorus_feed_events_total\\{.*type=\"scored\".*\\} [1-9]")
                .contains("chorus_http_requests_total");
    }

    @Test
    void latestContentShowsTheScoredPostsFromTheLiveFeed() {
        Response r = DashboardFixture.get(base + "api/content/latest?limit=50", TOKEN);

        assertThat(r.status()).isEqualTo(200);
        Set<String> postIds = new HashSet<>();
        r.json().get("scored").forEach(e -> postIds.add(e.path("value").path("postId").asText()));
        assertThat(postIds).containsAll(sent.stream().map(Sent::postId).collect(Collectors.toSet()));
        assertThat(r.json().get("content")).isEmpty(); // no campaigns: nothing generated
        assertThat(DashboardFixture.get(base + "api/content/latest?limit=3", TOKEN).json().get("scored")).hasSize(3);
    }

    @Test
    void liveFeedSendsAScoredEventForAPostProducedWhileConnected() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/feed")).header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = DashboardFixture.HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");

        CountDownLatch connected = new CountDownLatch(1);
        CountDownLatch marked = new CountDownLatch(1);
        StringBuilder markedEvent = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String event = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                        if (event.equals("hello")) {
                            connected.countDown();
                        }
                    } else if (line.startsWith("data:") && "scored".equals(event) && line.contains("live-marker")) {
                        markedEvent.append(line);
                        marked.countDown();
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                // stream closed
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(connected.await(20, TimeUnit.SECONDS)).as("hello event").isTrue();
            DashboardFixture.produce(producer, topics, new Sent("live-1", "u-games-0", "games", "live-marker good news", minute));

            assertThat(marked.await(60, TimeUnit.SECONDS)).as("scored event for the new post").isTrue();
            assertThat(markedEvent.toString()).contains("\"postId\":\"live-1\"").contains("\"score\":90.0");
        } finally {
            response.body().close();
        }
    }

    @Test
    void refusesMissingOrWrongBearerTokensAndAcceptsTheRightOne() {
        for (String path : List.of("api/health", "api/communities", "api/sentiment", "metrics", "api/feed",
                "api/internal/sentiment/latest?window=1m")) {
            Response missing = DashboardFixture.get(base + path, Map.of());
            Response wrong = DashboardFixture.get(base + path, "not-" + TOKEN);
            Response almost = DashboardFixture.get(base + path, Map.of("Authorization", TOKEN));

            assertThat(missing.status()).as(path).isEqualTo(401);
            assertThat(missing.json().get("error").asText()).contains("Authorization");
            assertThat(wrong.status()).as(path).isEqualTo(401);
            assertThat(wrong.json().get("error").asText()).contains("wrong bearer token");
            assertThat(almost.status()).as(path).isEqualTo(401);
        }
        assertThat(DashboardFixture.get(base + "api/health", TOKEN).status()).isEqualTo(200);
        // The page and its assets load without the token (it then sends the token with each API call).
        Response page = DashboardFixture.get(base, Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-testid=\"chart\"");
        assertThat(page.raw().headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
        assertThat(DashboardFixture.get(base + "app.js", Map.of()).status()).isEqualTo(200);
    }
}
