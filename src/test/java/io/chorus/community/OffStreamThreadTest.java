package io.chorus.community;

import io.chorus.testing.TopologyHarness;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.config.ChorusConfig;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.Profile;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.TopologyDeps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the community writer embeds off the stream thread: while the model is stuck, records keep being accepted
 * and punctuations return at once (nothing can outlast the transaction timeout); when the model answers, every
 * waiting profile is assigned.
 */
class OffStreamThreadTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private TopologyTestDriver driver;

    /** Embeds like {@link FakeEmbedder}, on its own thread, but only once the test releases it. */
    private final class StuckEmbedder implements ProfileEmbedder {
        @Override
        public float[][] embed(List<String> texts) {
            try {
                if (!release.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return texts.stream().map(FakeEmbedder::vector).toArray(float[][]::new);
        }

        @Override
        public int dimensions() {
            return FakeEmbedder.DIMENSIONS;
        }

        @Override
        public java.util.concurrent.Executor backgroundExecutor() {
            return background;
        }
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        driver.close();
        background.shutdownNow();
    }

    @Test
    void aStuckModelNeverBlocksTheStreamThreadAndItsProfilesAreAssignedWhenItAnswers() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.PROCESSING_GUARANTEE, "at_least_once",
                ChorusConfig.COMMUNITIES_BATCH_SIZE, 2, ChorusConfig.GENERATION_ENABLED, false, ChorusConfig.BEHAVIOR_ENABLED, false));
        Topics topics = Topics.from(config);
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new StuckEmbedder(), List.of());
        driver = new TopologyTestDriver(ChorusTopology.build(config, deps), TopologyHarness.properties(config),
                Instant.parse("2026-11-01T08:00:00Z"));
        TestInputTopic<String, Profile> profiles = driver.createInputTopic(topics.profiles.name(), new StringSerializer(),
                JsonSerde.of(Profile.class).serializer());
        TestOutputTopic<String, CommunityAssignment> assignments = driver.createOutputTopic(topics.assignments.name(),
                new StringDeserializer(), JsonSerde.of(CommunityAssignment.class).deserializer());

        for (int i = 0; i < 10; i++) {
            profiles.pipeInput("u" + i, new Profile(1, "u" + i, "N", null, i % 2 == 0 ? "console gamer" : "index fund investor", null, null));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(assignments.isEmpty()).as("nothing assigned while the model is stuck").isTrue();

        release.countDown();
        await().atMost(Duration.ofMinutes(1)).pollInSameThread().until(() -> {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            return assignments.getQueueSize() >= 10;
        });
        assertThat(assignments.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9");
    }
}
