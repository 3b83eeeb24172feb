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
import org.junit.jupiter.api.Test;

/**
 * Proves the behavioral-profile endpoint on a running pipeline: an author's latest (offline) profile, its previous
 * version and the drift between them ("then versus now"), and a clear 404 for an author without a profile.
 */
class BehaviorEndpointTest {

    @Test
    void servesTheLatestProfileItsPreviousVersionAndTheDrift() {
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

            JsonNode view = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        var r = DashboardFixture.get(url, (String) null);
                        return r.status() == 200 ? r.json() : null;
                    }, v -> v != null && v.path("latest").path("version").asLong() >= 2);

            assertThat(view.path("latest").path("offline").asBoolean()).isTrue();
            assertThat(view.path("latest").path("note").asText()).contains("need a model");
            assertThat(view.path("latest").path("features").size()).isZero();
            assertThat(view.path("previous").path("version").asLong()).isEqualTo(view.path("latest").path("version").asLong() - 1);
            assertThat(view.path("drift").path("toVersion").asLong()).isEqualTo(view.path("latest").path("version").asLong());
            assertThat(view.path("drift").has("valenceDelta")).isTrue();

            var missing = DashboardFixture.get(app.httpUrl() + "api/profiles/nobody/behavior", (String) null);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).contains("nobody");
        }
    }
}
