package io.chorus.aggregate;

import io.chorus.testing.TopologyHarness;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.TopologyDeps;
import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.model.Post;
import io.chorus.model.SentimentStats;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the late-record policy of the sentiment aggregates on posts years apart and out of order: live, every post
 * is either in its window or counted as late (none vanishes); in backfill mode, every post is in its window.
 */
class LateRecordsTopologyTest {

    private static final int POSTS = 40;
    private TopologyTestDriver driver;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void liveEveryPostIsAggregatedOrCountedAsLatePerWindow() {
        start(false);
        historicalPostsOutOfOrder().forEach(this::pipe);

        Map<String, Long> late = LateRecords.byWindow(driver.metrics());
        assertThat(late.get("1h")).as("late for the 1h windows").isPositive();
        assertThat(aggregated("1h") + late.get("1h")).isEqualTo(POSTS);
        assertThat(aggregated("1m") + late.get("1m")).isEqualTo(POSTS);
        assertThat(LateRecords.total(driver.metrics())).isEqualTo(late.get("1h") + late.get("1m"));
    }

    @Test
    void backfillEveryPostOfTheHistoryIsAggregatedInItsWindow() {
        start(true);
        historicalPostsOutOfOrder().forEach(this::pipe);

        assertThat(aggregated("1h")).isEqualTo(POSTS);
        assertThat(aggregated("1m")).isEqualTo(POSTS);
        assertThat(LateRecords.total(driver.metrics())).isZero();
    }

    @Test
    void liveOnTimePostsAreNotCountedAsLate() {
        start(false);
        Instant t0 = Instant.parse("2026-11-01T08:00:00Z");
        for (int i = 0; i < 10; i++) {
            pipe(new Post(1, "p" + i, "a1", "a good day", t0.plusSeconds(i * 10L), "en", List.of(), null));
        }

        assertThat(LateRecords.total(driver.metrics())).isZero();
        assertThat(aggregated("1m")).isEqualTo(10);
    }

    private void start(boolean backfill) {
        Map<String, Object> props = new HashMap<>(Map.of(ChorusConfig.PROCESSING_GUARANTEE, "at_least_once",
                ChorusConfig.STATS_BACKFILL_ENABLED, backfill, ChorusConfig.GENERATION_ENABLED, false));
        ChorusConfig config = new ChorusConfig(props);
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        driver = new TopologyTestDriver(ChorusTopology.build(config, deps), TopologyHarness.properties(config),
                Instant.parse("2026-11-01T08:00:00Z"));
    }

    private void pipe(Post post) {
        Topics topics = Topics.from(new ChorusConfig(Map.of()));
        TestInputTopic<String, Post> posts = driver.createInputTopic(topics.posts.name(), new StringSerializer(),
                JsonSerde.of(Post.class).serializer());
        posts.pipeInput(post.authorId(), post, post.createdAt());
    }

    /** Posts counted in a window store, over all windows and communities. */
    private long aggregated(String label) {
        long n = 0;
        try (KeyValueIterator<Windowed<String>, ValueAndTimestamp<SentimentStats>> it =
                     driver.<String, SentimentStats>getTimestampedWindowStore(AggregateStage.storeName(label)).all()) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, ValueAndTimestamp<SentimentStats>> kv = it.next();
                n += kv.value.value().count();
            }
        }
        return n;
    }

    /** Posts from 2009 to 2025 in shuffled order, a few authors. */
    private static List<Post> historicalPostsOutOfOrder() {
        List<Post> posts = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            Instant at = LocalDate.of(2009 + (i * 7) % 17, 1 + i % 12, 1 + i % 28).atTime(9 + i % 10, i % 60).toInstant(ZoneOffset.UTC);
            posts.add(new Post(1, "h" + i, "a" + (i % 4), i % 2 == 0 ? "a good day" : "a bad day", at, "en", List.of(), null));
        }
        Collections.shuffle(posts, new Random(3));
        return posts;
    }
}
