package io.chorus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.serde.Json;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.testing.SharedBroker;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;

/**
 * Test scaffolding shared by the HTTP tests: a Chorus instance with the API on a free port (fake scorer: "good" 90,
 * "bad" 10, else 50; keyword embedder: one community per keyword group), the feed they produce, and JSON over HTTP.
 */
final class DashboardFixture {

    /** Five authors' bios per keyword group of {@link KeywordEmbedder}: each group becomes one community. */
    static final Map<String, String> GROUP_BIOS = Map.of(
            "games", "I love video games and gaming", "invest", "I invest in index funds and the stock market",
            "parents", "parent of a toddler, school runs", "climate", "climate, solar and bike transit",
            "sports", "my team won the league, what a goal");

    /** One author of the feed, with the keyword group that decides their community. */
    record Author(String userId, String group) {
    }

    /** One produced post with the score the fake scorer gives it. */
    record Sent(String postId, String authorId, String group, String text, Instant at) {
        double score() {
            return text.contains("good") ? 90 : text.contains("bad") ? 10 : 50;
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DashboardFixture() {
    }

    static ChorusConfig config(Map<String, ?> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put(ChorusConfig.HTTP_ENABLED, true);
        props.put(ChorusConfig.HTTP_PORT, 0);
        props.put(ChorusConfig.COMMUNITIES_ENABLED, true);
        props.put(ChorusConfig.COMMUNITIES_FLUSH_MS, 100L);
        props.putAll(extra);
        return SharedBroker.isolatedConfig(props);
    }

    static ChorusApp start(ChorusConfig config, boolean ensureTopics) {
        return start(config, ensureTopics, null);
    }

    /** With the media store and endpoints {@code media} (null: offline content cards only). */
    static ChorusApp start(ChorusConfig config, boolean ensureTopics, io.chorus.media.MediaDeps media) {
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of())
                .withMedia(media);
        return ChorusApp.start(config, deps, ensureTopics, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** {@code perGroup} authors in every keyword group, e.g. {@code u-games-0}. */
    static List<Author> authors(int perGroup) {
        List<Author> out = new ArrayList<>();
        GROUP_BIOS.keySet().stream().sorted().forEach(g -> {
            for (int i = 0; i < perGroup; i++) {
                out.add(new Author("u-" + g + "-" + i, g));
            }
        });
        return out;
    }

    static void produceProfiles(Producer<byte[], byte[]> producer, Topics topics, List<Author> authors) {
        for (Author a : authors) {
            Profile p = new Profile(Profile.SCHEMA_VERSION, a.userId(), a.userId(), "@" + a.userId(), GROUP_BIOS.get(a.group()), "Testville", null);
            FeedProducer.produceOne(producer, topics.profiles.name(), a.userId(), topics.profiles.valueSerde().serializer().serialize(topics.profiles.name(), p));
        }
    }

    /** {@code perAuthor} posts by every author, good / bad / neutral in a fixed pseudo-random mix, all inside the minute starting at {@code minute}. */
    static List<Sent> producePosts(Producer<byte[], byte[]> producer, Topics topics, List<Author> authors, int perAuthor,
                                   Instant minute, String prefix) {
        List<Sent> sent = new ArrayList<>();
        java.util.Random mix = new java.util.Random(prefix.hashCode()); // deterministic, but groups differ in mood
        int n = 0;
        for (Author a : authors) {
            for (int i = 0; i < perAuthor; i++) {
                String text = switch (mix.nextInt(3)) {
                    case 0 -> "a good day for " + a.group();
                    case 1 -> "a bad day for " + a.group();
                    default -> "an ordinary day for " + a.group();
                };
                Instant at = minute.truncatedTo(ChronoUnit.MINUTES).plusMillis((n * 997L) % 59_000);
                Sent s = new Sent(prefix + "-" + n, a.userId(), a.group(), text, at);
                produce(producer, topics, s);
                sent.add(s);
                n++;
            }
        }
        producer.flush();
        return sent;
    }

    static void produce(Producer<byte[], byte[]> producer, Topics topics, Sent s) {
        Post post = new Post(Post.SCHEMA_VERSION, s.postId(), s.authorId(), s.text(), s.at(), "en", List.of(), null);
        FeedProducer.produceOne(producer, topics.posts.name(), s.authorId(), topics.posts.valueSerde().serializer().serialize(topics.posts.name(), post));
    }

    /** Waits until the instance serves every group's community (each community's size = its authors). */
    static Map<String, String> awaitCommunities(String baseUrl, String token, List<Author> authors) {
        Map<String, String> groupToCommunity = new HashMap<>();
        await("communities of " + authors.size() + " authors at " + baseUrl).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    Response r = get(baseUrl + "api/communities", token);
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    assertThat(r.json().size()).as(r.body()).isEqualTo(GROUP_BIOS.size());
                    long total = 0;
                    for (JsonNode c : r.json()) {
                        total += c.get("size").asLong();
                    }
                    assertThat(total).as(r.body()).isEqualTo(authors.size());
                });
        // Which community is which group: the labeler names a community by its members' distinctive bio terms.
        JsonNode communities = get(baseUrl + "api/communities", token).json();
        for (JsonNode c : communities) {
            String label = c.get("label").asText() + " " + c.get("terms");
            String group = GROUP_BIOS.entrySet().stream().filter(e -> matches(label, e.getValue())).map(Map.Entry::getKey)
                    .findFirst().orElseThrow(() -> new AssertionError("no group for community " + c));
            groupToCommunity.put(group, c.get("id").asText());
        }
        assertThat(groupToCommunity).hasSize(GROUP_BIOS.size());
        return groupToCommunity;
    }

    private static boolean matches(String label, String bio) {
        for (String word : label.replaceAll("[^a-z]+", " ").trim().split(" ")) {
            if (word.length() > 3 && bio.contains(word)) {
                return true;
            }
        }
        return false;
    }

    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    static Response get(String url, String token) {
        return get(url, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    static Response get(String url, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
