package io.chorus.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chorus.config.ChorusConfig;
import io.chorus.model.Post;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.SharedBroker;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Proves that a Chorus instance whose stream thread does not stop in time says so by throwing from close(), instead of returning as if stopped. */
class ChorusAppCloseTest {

    @Test
    void closeThrowsNamingTheApplicationWhenKafkaStreamsDoesNotStopInTime() throws Exception {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.COMMUNITIES_ENABLED, false, ChorusConfig.HTTP_ENABLED, false));
        CountDownLatch scoring = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeScorer blocking = new FakeScorer(text -> {
            scoring.countDown();
            try {
                release.await(120, TimeUnit.SECONDS); // holds the stream thread inside process() until the test lets go
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 50;
        });
        ChorusApp app = ChorusApp.start(config, new TopologyDeps(blocking, Clock.systemUTC()), true);
        try {
            app.awaitRunning(Duration.ofSeconds(60));
            try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
                FeedProducer.produceOne(producer, Topics.from(config).posts.name(), "u1", JsonSerde.of(Post.class)
                        .toBytes(new Post(1, "p1", "u1", "hello", Instant.now(), "en", List.of(), null)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> scoring.getCount() == 0);

            assertThatThrownBy(() -> app.close(Duration.ofMillis(500))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(config.applicationId()).hasMessageContaining("did not stop");
        } finally {
            release.countDown();
            app.close();
        }
    }
}
