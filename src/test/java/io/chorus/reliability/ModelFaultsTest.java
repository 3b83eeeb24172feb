package io.chorus.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.app.ChorusApp;
import io.chorus.app.Dependencies;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.testing.SharedBroker;
import io.chorus.topics.Topics;
import io.chorus.deadletter.DeadLetters;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Proves that a model endpoint answering 429 (with Retry-After), 500, malformed JSON, 400, or hanging past the timeout
 * does not stop the pipeline, and that every post ends exactly once: scored, or dead-lettered with
 * MODEL_RETRIES_EXHAUSTED or MODEL_NON_RETRIABLE.
 */
class ModelFaultsTest {

    private static final int POSTS = 300;
    private static final int BAD_REQUESTS = 3;

    @Test
    void everyPostIsScoredOrDeadLetteredExactlyOnceWhileTheModelFails() throws Exception {
        long started = System.nanoTime();
        try (StubLlmServer stub = StubLlmServer.builder().port(0).latency(Duration.ofMillis(5))
                .rateLimitRate(0.12).retryAfter(Duration.ofMillis(100)).serverErrorRate(0.12).hangRate(0.06).malformedRate(0.1)
                .seed(88).recordRequests(false).start()) {
            ChorusConfig config = SharedBroker.isolatedConfig(Runs.settings(ChorusConfig.SENTIMENT_SCORER, "llm",
                    ChorusConfig.LLM_BASE_URL, stub.baseUrl(), ChorusConfig.LLM_API_KEY, "x",
                    ChorusConfig.LLM_TIMEOUT_MS, 800L, ChorusConfig.ASYNC_MAX_ATTEMPTS, 4,
                    ChorusConfig.ASYNC_BACKOFF_INITIAL_MS, 20L, ChorusConfig.ASYNC_BACKOFF_MAX_MS, 200L,
                    ChorusConfig.LLM_REQUESTS_PER_MINUTE, 1_000_000, ChorusConfig.LLM_TOKENS_PER_MINUTE, 100_000_000,
                    ChorusConfig.COMMUNITIES_ENABLED, false, ChorusConfig.HTTP_ENABLED, false));
            Topics topics = Topics.from(config);
            String lines = IntStream.range(0, POSTS).mapToObj(i -> Outcomes.post("p-" + i, "u-" + (i % 23), "distinct post number " + i))
                    .collect(Collectors.joining("\n"));

            try (Dependencies dependencies = Dependencies.open(config);
                 ChorusApp app = ChorusApp.start(config, dependencies.deps(), true);
                 var producer = FeedProducer.producer(config.kafkaClientProps())) {
                app.awaitRunning(Duration.ofSeconds(60));
                stub.failNext(BAD_REQUESTS, StubLlmServer.Fault.BAD_REQUEST); // non-retriable: straight to the dead letters
                FeedProducer.produceLines(producer, topics.posts.name(), "authorId", new BufferedReader(new StringReader(lines)));

                Outcomes done = Outcomes.awaitUntil(config.bootstrapServers(), topics, Duration.ofSeconds(120), o -> o.total() >= POSTS);
                List<String> all = new ArrayList<>(done.scoredIds());
                done.deadLetters().forEach(r -> all.add(Outcomes.postIdOf(r)));
                System.out.printf("ModelFaultsTest: %d posts in, %d scored, %d dead letters %s, %d stub requests, %d s%n", POSTS,
                        done.scoredIds().size(), done.deadLetters().size(), done.reasons(), stub.requestCount(),
                        (System.nanoTime() - started) / 1_000_000_000);

                done.deadLetters().forEach(r -> System.out.println("ModelFaultsTest dead letter: "
                        + DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON) + " " + DeadLetters.header(r.headers(), DeadLetters.HEADER_MESSAGE)));
                assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(done.total()).isEqualTo(POSTS);
                assertThat(all).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, POSTS).mapToObj(i -> "p-" + i).toList());
                assertThat(done.deadLetters()).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON))
                        .containsOnly("MODEL_RETRIES_EXHAUSTED", "MODEL_NON_RETRIABLE");
                // Every injected 400 is dead-lettered at once as non-retriable, and nothing else is: a timed-out
                // attempt's interrupt once reached the next call on the same pool thread and failed it as
                // non-retriable (CallExecutor now interrupts only the attempt it times).
                assertThat(done.deadLetters()).filteredOn(r -> "MODEL_NON_RETRIABLE".equals(DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON)))
                        .allSatisfy(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_MESSAGE)).contains("HTTP 400"))
                        .hasSize(BAD_REQUESTS);
                assertThat(stub.requestCount()).as("faults were retried").isGreaterThan(POSTS + POSTS / 5);
            }
        }
    }
}
