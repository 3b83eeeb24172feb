package io.chorus.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.testing.SharedBroker;
import io.chorus.topics.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@code chorus run}, killed with SIGKILL three times at random moments while model calls are in flight
 * and restarted each time, still gives every input post exactly one scored record (nothing lost, nothing
 * duplicated) as a read_committed consumer sees it. Chorus runs as a separate JVM; the broker, in the test JVM,
 * survives each death.
 */
class HardKillRestartTest {

    private static final int POSTS = 500;
    private static final int KILLS = 3;

    @Test
    void sigkilledInstanceRestartedThreeTimesScoresEveryPostExactlyOnce() throws Exception {
        long started = System.nanoTime();
        Random random = new Random(20_240_808L);
        try (StubLlmServer stub = StubLlmServer.builder().port(0).latency(Duration.ofMillis(50)).recordRequests(false).start()) {
            ChorusConfig config = SharedBroker.isolatedConfig(Runs.settings(ChorusConfig.SENTIMENT_SCORER, "llm",
                    ChorusConfig.LLM_BASE_URL, stub.baseUrl(), ChorusConfig.LLM_API_KEY, "x",
                    ChorusConfig.COMMUNITIES_ENABLED, false, ChorusConfig.HTTP_ENABLED, false,
                    ChorusConfig.ASYNC_ORDERING, "UNORDERED", ChorusConfig.ASYNC_EXECUTOR_THREADS, 8,
                    // the default 500 requests/minute would pace the run at ~8 posts/s
                    ChorusConfig.LLM_REQUESTS_PER_MINUTE, 1_000_000, ChorusConfig.LLM_TOKENS_PER_MINUTE, 100_000_000,
                    // a dead member must leave the group quickly, or each restart waits out the 45 s default
                    ChorusConfig.STREAMS_PREFIX + "session.timeout.ms", 6000,
                    ChorusConfig.STREAMS_PREFIX + "heartbeat.interval.ms", 1000));
            Topics topics = Topics.from(config);
            ChorusApp.ensureTopics(config);
            String lines = IntStream.range(0, POSTS).mapToObj(i -> Outcomes.post("p-" + i, "u-" + (i % 37), "post " + i + " is good"))
                    .collect(Collectors.joining("\n"));
            try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
                FeedProducer.produceLines(producer, topics.posts.name(), "authorId", new BufferedReader(new StringReader(lines)));
            }

            Path log = Files.createTempFile("chorus-child-", ".log");
            List<Integer> killedAt = new ArrayList<>();
            int threshold = 0;
            int[] inFlightAtKill = new int[1];
            try {
                for (int kill = 0; kill < KILLS; kill++) {
                    threshold += 40 + random.nextInt(80);
                    int atLeast = threshold;
                    Process child = startChild(config, log);
                    try {
                        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                            inFlightAtKill[0] = stub.inFlight();
                            return inFlightAtKill[0] > 0 && Outcomes.read(config.bootstrapServers(), topics).scoredIds().size() >= atLeast;
                        });
                        assertThat(child.isAlive()).as("child still running before kill %d (log %s)", kill + 1, log).isTrue();
                    } finally {
                        child.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no leave-group
                        child.waitFor(30, TimeUnit.SECONDS);
                    }
                    int seen = Outcomes.read(config.bootstrapServers(), topics).scoredIds().size();
                    killedAt.add(seen);
                    System.out.printf("HardKillRestartTest: kill %d after >= %d committed outputs (%d visible after the kill), "
                            + "%d model calls in flight at the stub just before%n", kill + 1, atLeast, seen, inFlightAtKill[0]);
                }

                Process last = startChild(config, log);
                try {
                    Outcomes done = Outcomes.awaitUntil(config.bootstrapServers(), topics, Duration.ofSeconds(120),
                            o -> o.scoredIds().size() >= POSTS);
                    System.out.printf("HardKillRestartTest: %d posts in, %d scored out (%d distinct), %d dead letters, %d stub requests, "
                            + "kills after %s outputs, %d s%n", POSTS, done.scoredIds().size(), done.scoredIds().stream().distinct().count(),
                            done.deadLetters().size(), stub.requestCount(), killedAt, (System.nanoTime() - started) / 1_000_000_000);
                    assertThat(done.scoredIds()).doesNotHaveDuplicates()
                            .containsExactlyInAnyOrderElementsOf(IntStream.range(0, POSTS).mapToObj(i -> "p-" + i).toList());
                    assertThat(done.deadLetters()).isEmpty();
                } finally {
                    last.destroy(); // a clean stop this time
                    if (!last.waitFor(30, TimeUnit.SECONDS)) {
                        last.destroyForcibly();
                    }
                }
            } catch (AssertionError | RuntimeException e) {
                System.out.println("---- child log tail ----\n" + tail(log, 60));
                throw e;
            }
        }
    }

    /** {@code chorus run} in its own JVM with the test's classpath (target/classes and every dependency). */
    private static Process startChild(ChorusConfig config, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), "io.chorus.cli.ChorusCli", "run",
                "--bootstrap", config.bootstrapServers()));
        command.addAll(Runs.asSetArguments(config));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
