package io.chorus.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.SharedBroker;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Proves that two instances with one application id share the partitions, and that when one leaves mid-stream the
 * other takes over its partitions and every post is still scored exactly once.
 */
class InstanceLeavesTest {

    private static final int POSTS = 1_200;

    @Test
    void remainingInstanceTakesOverAndEveryPostIsScoredOnceWhenTheOtherLeaves() throws Exception {
        long started = System.nanoTime();
        ChorusConfig first = SharedBroker.isolatedConfig(Map.of(ChorusConfig.COMMUNITIES_ENABLED, false, ChorusConfig.HTTP_ENABLED, false));
        ChorusConfig second = first.with(Map.of(ChorusConfig.STATE_DIR, Runs.tempDir("chorus-second-state-")));
        Topics topics = Topics.from(first);
        ChorusApp.ensureTopics(first);

        try (ChorusApp stays = ChorusApp.start(second, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()), false)) {
            ChorusApp leaves = ChorusApp.start(first, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()), false);
            try {
                leaves.awaitRunning(Duration.ofSeconds(60));
                stays.awaitRunning(Duration.ofSeconds(60));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                        !leaves.streams().metadataForLocalThreads().iterator().next().activeTasks().isEmpty()
                        && !stays.streams().metadataForLocalThreads().iterator().next().activeTasks().isEmpty());
                int tasksOfLeaving = leaves.streams().metadataForLocalThreads().iterator().next().activeTasks().size();
                produce(first, topics, 0, POSTS / 2);
                Outcomes.awaitUntil(first.bootstrapServers(), topics, Duration.ofSeconds(60), o -> o.scoredIds().size() >= POSTS / 6);
                System.out.printf("InstanceLeavesTest: leaving instance had %d of the active tasks%n", tasksOfLeaving);
            } finally {
                leaves.close();
            }
            produce(first, topics, POSTS / 2, POSTS);
            Outcomes done = Outcomes.awaitUntil(first.bootstrapServers(), topics, Duration.ofSeconds(120), o -> o.scoredIds().size() >= POSTS);
            System.out.printf("InstanceLeavesTest: %d posts in, %d scored (%d distinct), %d dead letters, %d s%n", POSTS,
                    done.scoredIds().size(), done.scoredIds().stream().distinct().count(), done.deadLetters().size(),
                    (System.nanoTime() - started) / 1_000_000_000);
            assertThat(done.scoredIds()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, POSTS).mapToObj(i -> "p-" + i).toList());
            assertThat(done.deadLetters()).isEmpty();
        }
    }

    private static void produce(ChorusConfig config, Topics topics, int from, int to) throws Exception {
        String lines = IntStream.range(from, to).mapToObj(i -> Outcomes.post("p-" + i, "u-" + (i % 29), "post " + i))
                .collect(Collectors.joining("\n"));
        try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
            FeedProducer.produceLines(producer, topics.posts.name(), "authorId", new BufferedReader(new StringReader(lines)));
        }
    }
}
