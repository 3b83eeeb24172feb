package io.chorus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.app.Dependencies;
import io.chorus.async.ModelGateway;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.media.MediaDeps;
import io.chorus.model.Post;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.chorus.http.DashboardFixture.Author;
import io.chorus.http.DashboardFixture.Sent;
import io.chorus.serde.Json;
import io.chorus.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the dashboard works in a real browser (Debian's headless chromium) while the pipeline runs on the embedded
 * broker: the chart plots a series for every community of the stream, the live feed shows scored posts (including
 * one produced after the page connected, so it came over server-sent events), offline content cards of an image
 * campaign show as images and a narration voiced through the stub plays as audio in the feed (fetched with the
 * token), health shows RUNNING, and the page loads nothing
 * from elsewhere. Keeps {@code target/dashboard.png} and {@code target/dashboard.html} as artifacts.
 *
 * <p>Chromium is driven over its DevTools protocol (a WebSocket, {@code --remote-debugging-port}) rather than
 * {@code --dump-dom --virtual-time-budget}: virtual time does not advance while a request is open, and the live
 * feed is a request that never ends, so that mode hangs (and {@code --timeout} dumps the page before any script has
 * fetched data).
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String TOKEN = "browser-token";

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void pageChartsEveryCommunityAndShowsTheLiveFeedInHeadlessChromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "needs Debian's chromium at /usr/bin/chromium; .ci/run installs it (apt-get install -y chromium)");
        // backfill mode: the post from two days ago below is aggregated, not counted late
        // narrations are voiced through the stub's /v1/audio/speech, so the page has audio to play too
        StubLlmServer stub = StubLlmServer.builder().port(0).start();
        ChorusConfig config = DashboardFixture.config(Map.of(ChorusConfig.HTTP_TOKEN, TOKEN, ChorusConfig.STATS_BACKFILL_ENABLED, true,
                ChorusConfig.MEDIA_DIR, Files.createTempDirectory("chorus-browser-media-").toString(),
                ChorusConfig.MEDIA_SPEECH_ENABLED, true, ChorusConfig.LLM_BASE_URL, stub.baseUrl(), ChorusConfig.LLM_API_KEY, "x"));
        Topics topics = Topics.from(config);
        Path target = Files.createDirectories(Path.of("target"));
        MediaDeps media = Dependencies.media(config, new SimpleMeterRegistry());
        try (stub; ModelGateway speech = media.speechGateway();
             ChorusApp app = DashboardFixture.start(config, true, media);
             Producer<byte[], byte[]> producer = FeedProducer.producer(config.kafkaClientProps())) {
            String base = app.httpUrl();
            app.awaitRunning(Duration.ofSeconds(90));
            await("live feed positioned").atMost(Duration.ofSeconds(60))
                    .until(() -> "LIVE".equals(DashboardFixture.get(base + "api/health", TOKEN).json().path("feed").asText()));
            List<Author> authors = DashboardFixture.authors(3);
            DashboardFixture.produceProfiles(producer, topics, authors);
            // an image campaign for everyone, so that offline content cards reach the feed
            FeedProducer.produceOne(producer, topics.campaigns.name(), "c-card", topics.campaigns.valueSerde().serializer().serialize(
                    topics.campaigns.name(), new io.chorus.model.Campaign(1, "c-card", "public transit", "support more frequent buses",
                            io.chorus.model.ContentType.IMAGE_POST, null, List.of(), 70.0, 1, "[AI-generated for Transit Now]",
                            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)), true)));
            // and a narration campaign: only a post with two images qualifies (one is produced below)
            FeedProducer.produceOne(producer, topics.campaigns.name(), "c-voice", topics.campaigns.valueSerde().serializer().serialize(
                    topics.campaigns.name(), new io.chorus.model.Campaign(1, "c-voice", "library game nights", "invite people to game nights",
                            io.chorus.model.ContentType.NARRATION, null, List.of(), 70.0, 1, "[AI-generated for the Library]",
                            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)), true)));
            Map<String, String> communityOfGroup = DashboardFixture.awaitCommunities(base, TOKEN, authors);
            Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.MINUTES);
            List<Sent> sent = DashboardFixture.producePosts(producer, topics, authors, 2, minute, "p");
            DashboardFixture.producePosts(producer, topics, authors, 2, minute.plus(1, ChronoUnit.MINUTES), "q");
            await("posts aggregated").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(DashboardFixture.get(base + "api/sentiment?window=1m", TOKEN).json().path("communities").size())
                            .isEqualTo(communityOfGroup.size()));

            try (Browser browser = Browser.launch(base + "#token=" + TOKEN, target.resolve("chromium.log"))) {
                await("chart and feed in the page").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    JsonNode page = browser.evaluate("""
                            ({series: [...document.querySelectorAll('[data-testid=chart-series]')]
                                         .map(g => ({id: g.dataset.community, points: g.querySelectorAll('[data-testid=chart-point]').length})),
                              legend: document.querySelectorAll('[data-testid=legend-item]').length,
                              feed: document.querySelectorAll('[data-testid=feed-item][data-kind=scored]').length,
                              feedState: document.getElementById('feed-status').dataset.state || '',
                              health: document.getElementById('health-state').textContent,
                              alertsStatus: document.querySelector('[data-testid=alerts-status]').textContent,
                              trendOptions: document.querySelectorAll('[data-testid=trends-community] option').length,
                              communitiesCount: document.querySelector('[data-testid=communities-count]').textContent,
                              outcomes: document.querySelectorAll('[data-testid=outcomes]').length,
                              address: location.href})""");
                    assertThat(page.get("series").findValuesAsText("id")).containsExactlyInAnyOrderElementsOf(communityOfGroup.values());
                    page.get("series").forEach(s -> assertThat(s.get("points").asInt()).as(s.toString()).isEqualTo(2));
                    assertThat(page.get("legend").asInt()).isEqualTo(communityOfGroup.size());
                    assertThat(page.get("feed").asInt()).isGreaterThanOrEqualTo(sent.size());
                    assertThat(page.get("feedState").asText()).isEqualTo("live");
                    assertThat(page.get("health").asText()).isEqualTo("Kafka Streams RUNNING");
                    assertThat(page.get("alertsStatus").asText()).as("alerts panel answered").endsWith(" open");
                    assertThat(page.get("trendOptions").asInt()).as("trends: 'all' and every community").isEqualTo(communityOfGroup.size() + 1);
                    assertThat(page.get("communitiesCount").asText()).isEqualTo(communityOfGroup.size() + " communities, largest first");
                    assertThat(page.get("outcomes").asInt()).isEqualTo(1);
                    assertThat(page.get("address").asText()).as("token removed from the address bar").doesNotContain(TOKEN);
                });

                // A post produced now can only reach the page over the live feed (server-sent events).
                DashboardFixture.produce(producer, topics, new Sent("live-1", "u-games-0", "games", "browser-live-marker good", minute));
                await("live post in the feed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                        browser.evaluate("document.querySelector('[data-testid=feed-item]').textContent").asText()
                                .contains("browser-live-marker"));

                // A post with two images: its narration is voiced, and the page plays the WAV.
                Post pictures = new Post(Post.SCHEMA_VERSION, "voice-1", "u-games-1", "two pictures of game night", minute, "en",
                        List.of(new io.chorus.model.ImageRef(null, "a table of board games"), new io.chorus.model.ImageRef(null, "friends laughing")), null);
                FeedProducer.produceOne(producer, topics.posts.name(), pictures.authorId(),
                        topics.posts.valueSerde().serializer().serialize(topics.posts.name(), pictures));
                await("a voiced narration in the feed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    JsonNode audio = browser.evaluate("""
                            [...document.querySelectorAll('[data-testid=feed-media][data-loaded=true] audio')]
                              .map(a => ({ready: a.readyState, duration: a.duration, caption: a.nextElementSibling.textContent}))""");
                    assertThat(audio.size()).isPositive();
                    assertThat(audio.get(0).get("ready").asInt()).as("metadata loaded").isPositive();
                    assertThat(audio.get(0).get("duration").asDouble()).isPositive();
                    assertThat(audio.get(0).get("caption").asText()).contains("[AI-generated for the Library]");
                });

                // Offline content cards: fetched with the token from /api/media/{hash} and shown as images in the feed.
                await("a content card in the feed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    JsonNode cards = browser.evaluate("""
                            [...document.querySelectorAll('[data-testid=feed-media][data-loaded=true] img')]
                              .map(i => ({w: i.naturalWidth, h: i.naturalHeight, alt: i.alt, caption: i.nextElementSibling.textContent}))""");
                    assertThat(cards.size()).isPositive();
                    assertThat(cards.get(0).get("w").asInt()).isEqualTo(800);
                    assertThat(cards.get(0).get("h").asInt()).isEqualTo(800);
                    assertThat(cards.get(0).get("caption").asText()).startsWith("offline content card").contains("[AI-generated for Transit Now]");
                });
                browser.evaluate("document.querySelector('[data-testid=feed-media]').scrollIntoView()");

                String dom = browser.evaluate("document.documentElement.outerHTML").asText();
                Files.writeString(target.resolve("dashboard.html"), dom, StandardCharsets.UTF_8);
                assertThat(dom).contains("data-testid=\"chart-series\"").contains("data-testid=\"feed-item\"");
                JsonNode external = browser.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                        + ".filter(n => !n.startsWith(location.origin))");
                assertThat(external).as("requests to other origins").isEmpty();

                // The screenshot with a content card in the feed, scrolled into view above.
                Path png = target.resolve("dashboard.png");
                browser.screenshot(png);
                assertThat(png).exists();
                byte[] bytes = Files.readAllBytes(png);
                assertThat(bytes.length).isGreaterThan(10_000);
                assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");

                // A feed spread over days: the page opens on the data's whole range with a window that suits it,
                // not on the last hour (which would show only the newest windows).
                Instant old = minute.minus(2, ChronoUnit.DAYS);
                DashboardFixture.produce(producer, topics, new Sent("old-1", "u-games-0", "games", "a good day from the archive", old));
                await("old post aggregated").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                        assertThat(DashboardFixture.get(base + "api/sentiment/span", TOKEN).json().path("from").asText())
                                .isEqualTo(old.truncatedTo(ChronoUnit.HOURS).toString()));
                browser.evaluate("location.replace(location.origin + '/?again=1#token=" + TOKEN + "'), true");
                await("page on the whole range").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    JsonNode page = browser.evaluate("""
                            ({range: document.body.dataset.range || '', window: document.getElementById('window-select').value,
                              from: document.getElementById('range-from').value,
                              points: document.querySelectorAll('[data-testid=chart-point]').length})""");
                    assertThat(page.get("range").asText()).isEqualTo("whole-span");
                    assertThat(page.get("window").asText()).as("2 days in hourly windows: 49 points at most").isEqualTo("1h");
                    assertThat(page.get("from").asText()).isEqualTo(old.truncatedTo(ChronoUnit.HOURS).toString().substring(0, 16));
                    assertThat(page.get("points").asInt()).as("the old window and the recent ones").isGreaterThan(communityOfGroup.size());
                });

                // The whole-range view, kept beside the main screenshot.
                Path range = target.resolve("dashboard-range.png");
                browser.screenshot(range);
                assertThat(new String(Files.readAllBytes(range), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
            }
        }
    }

    /** Headless chromium and one DevTools-protocol session on its page; closing ends the process and its profile dir. */
    private static final class Browser implements AutoCloseable {

        private final Process process;
        private final Path profile;
        private final WebSocket socket;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

        private Browser(Process process, Path profile, WebSocket socket) {
            this.process = process;
            this.profile = profile;
            this.socket = socket;
        }

        static Browser launch(String url, Path log) throws Exception {
            Path profile = Files.createTempDirectory("chorus-chromium-");
            Process process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1280,900",
                    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", url)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                Path portFile = profile.resolve("DevToolsActivePort");
                await("chromium DevTools port (see " + log + ")").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            assertThat(process.isAlive()).as("chromium exited early, see " + log).isTrue();
                            return Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2;
                        });
                String port = Files.readAllLines(portFile).get(0).trim();
                String[] pageSocket = new String[1];
                await("chromium page target").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    JsonNode targets = DashboardFixture.get("http://127.0.0.1:" + port + "/json/list", Map.of()).json();
                    for (JsonNode t : targets) {
                        if ("page".equals(t.path("type").asText()) && t.path("url").asText().startsWith(url.substring(0, url.indexOf('#')))) {
                            pageSocket[0] = t.get("webSocketDebuggerUrl").asText();
                        }
                    }
                    assertThat(pageSocket[0]).isNotNull();
                });
                Browser[] self = new Browser[1];
                WebSocket socket = DashboardFixture.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(URI.create(pageSocket[0]), new WebSocket.Listener() {
                            private final StringBuilder message = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                message.append(data);
                                if (last) {
                                    String text = message.toString();
                                    message.setLength(0);
                                    self[0].received(text);
                                }
                                ws.request(1);
                                return null;
                            }
                        }).get(15, TimeUnit.SECONDS);
                self[0] = new Browser(process, profile, socket);
                return self[0];
            } catch (Exception | AssertionError e) {
                stop(process);
                deleteTree(profile);
                throw e;
            }
        }

        private void received(String text) {
            try {
                JsonNode message = Json.mapper().readTree(text);
                if (message.has("id")) {
                    CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
                    if (f != null) {
                        f.complete(message);
                    }
                }
            } catch (IOException e) {
                // events we do not read
            }
        }

        private JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            ObjectNode request = Json.mapper().createObjectNode().put("id", id).put("method", method);
            request.set("params", Json.mapper().valueToTree(params));
            socket.sendText(Json.mapper().writeValueAsString(request), true).get(10, TimeUnit.SECONDS);
            JsonNode response = answer.get(30, TimeUnit.SECONDS);
            if (response.has("error")) {
                throw new AssertionError(method + " failed: " + response.get("error"));
            }
            return response.get("result");
        }

        /** The value of a JavaScript expression evaluated in the page. */
        JsonNode evaluate(String expression) throws Exception {
            JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            if (result.has("exceptionDetails")) {
                throw new AssertionError("page script failed: " + result.get("exceptionDetails"));
            }
            return result.path("result").path("value");
        }

        void screenshot(Path file) throws Exception {
            JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
            Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
        }

        @Override
        public void close() {
            socket.abort();
            stop(process);
            deleteTree(profile);
        }

        private static void stop(Process process) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        private static void deleteTree(Path dir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind is harmless
            }
        }
    }
}
