package io.chorus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Proves the behavioral-profile endpoint on a running pipeline: an author's latest (offline) profile, its previous
 * version and the drift between them ("then versus now"), and a clear 404 for an author without a profile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BehaviorEndpointTest {

    private JsonNode view;
    private DashboardFixture.Response missing;

    /** The pipeline runs once: four posts of one author (a build every two), then both queries are asked. */
    @BeforeAll
    void buildTwoProfileVersionsAndAsk() {
        ChorusConfig config = DashboardFixture.config(Map.of(ChorusConfig.BEHAVIOR_REFRESH_POSTS, 2, ChorusConfig.GENERATION_ENABLED, false));
        Topics topics = Topics.from(config);
        try (ChorusApp app = DashboardFixture.start(config, true);
             var producer = FeedProducer.producer(config.kafkaClientProps())) {
            app.awaitRunning(Duration.ofSeconds(60));
            List<DashboardFixture.Author> authors = List.of(new DashboardFixture.Author("u-games-0", "games"));
            DashboardFixture.produceProfiles(producer, topics, authors);
            Instant minute = Instant.now().minus(10, ChronoUnit.MINUTES);
            DashboardFixture.producePosts(producer, topics, authors, 4, minute, "b");
            String url = app.httpUrl() + "api/profiles/u-games-0/behavior";

            view = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        var r = DashboardFixture.get(url, (String) null);
                        return r.status() == 200 ? r.json() : null;
                    }, v -> v != null && v.path("latest").path("version").asLong() >= 2);
            missing = DashboardFixture.get(app.httpUrl() + "api/profiles/nobody/behavior", (String) null);
        }
    }

    @Test
    void theLatestOfflineProfileSaysItNeedsAModelForFeatures() {
        assertThat(view.path("latest").path("offline").asBoolean()).isTrue();
        assertThat(view.path("latest").path("note").asText()).contains("need a model");
        assertThat(view.path("latest").path("features").size()).isZero();
    }

    @Test
    void servesThePreviousVersionBesideTheLatest() {
        assertThat(view.path("previous").path("version").asLong()).isEqualTo(view.path("latest").path("version").asLong() - 1);
    }

    @Test
    void servesTheDriftUpToTheLatestVersion() {
        assertThat(view.path("drift").path("toVersion").asLong()).isEqualTo(view.path("latest").path("version").asLong());
        assertThat(view.path("drift").has("valenceDelta")).isTrue();
    }

    @Test
    void anAuthorWithoutAProfileIsA404NamingThem() {
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("nobody");
    }
}
