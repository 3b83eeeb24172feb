package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.config.ChorusConfig;
import io.chorus.llm.ModelCallException;
import io.chorus.model.CachedResponse;
import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeChatClient;
import io.chorus.testing.FakeScorer;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import io.chorus.deadletter.DeadLetters;
import io.chorus.topology.TopologyDeps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the async processor's contract in a real topology (TopologyTestDriver, fake model held by latches):
 * ordering in both modes, capacity (inputs beyond it wait saved, the stream thread is not held), timeout then retry, retry exhaustion and non-retriable errors to
 * the dead-letter topic, the response cache in memory and persistent, and the shared rate limit.
 */
class AsyncModelProcessorTest {

    private TopologyTestDriver driver;
    private ModelGateway gateway;
    private TestInputTopic<String, Post> posts;
    private TestOutputTopic<String, ScoredPost> scored;
    private TestOutputTopic<byte[], byte[]> dlq;
    private TestOutputTopic<String, CachedResponse> cacheTopic;
    private TestInputTopic<String, CachedResponse> cacheInput;
    private SimpleMeterRegistry registry;
    private Topics topics;
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    private void start(FakeChatClient client, Map<String, Object> settings) {
        Map<String, Object> props = new HashMap<>(Map.of(ChorusConfig.SENTIMENT_SCORER, "llm", ChorusConfig.ASYNC_CAPACITY, 4,
                ChorusConfig.ASYNC_BACKOFF_INITIAL_MS, 0L, ChorusConfig.ASYNC_BACKOFF_MAX_MS, 0L, ChorusConfig.ASYNC_EXECUTOR_THREADS, 8));
        props.put(ChorusConfig.STATE_DIR, stateDir.toString()); // never shared with other test runs on this machine
        props.putAll(settings);
        ChorusConfig config = new ChorusConfig(props);
        topics = Topics.from(config);
        registry = new SimpleMeterRegistry();
        gateway = new ModelGateway(client, GatewaySettings.fromConfig(config), registry);
        driver = new TopologyTestDriver(ChorusTopology.build(config, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC(), gateway)),
                ChorusTopology.streamsProperties(config));
        JsonSerde<Post> postSerde = JsonSerde.of(Post.class);
        posts = driver.createInputTopic(topics.posts.name(), new StringSerializer(), postSerde.serializer());
        scored = driver.createOutputTopic(topics.scored.name(), new StringDeserializer(), JsonSerde.of(ScoredPost.class).deserializer());
        dlq = driver.createOutputTopic(topics.dlq.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        cacheTopic = driver.createOutputTopic(topics.name(TopicId.LLM_CACHE), new StringDeserializer(), JsonSerde.of(CachedResponse.class).deserializer());
        cacheInput = driver.createInputTopic(topics.name(TopicId.LLM_CACHE), new StringSerializer(), JsonSerde.of(CachedResponse.class).serializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Post post(String id, String author, String text) {
        return new Post(1, id, author, text, Instant.parse("2026-11-01T08:00:00Z"), "en", List.of(), null);
    }

    /** Emits whatever has finished by letting the wall-clock punctuator run. */
    private List<String> drainScoredIds() {
        driver.advanceWallClockTime(Duration.ofMillis(100));
        return scored.readValuesToList().stream().map(ScoredPost::postId).toList();
    }

    @Test
    void orderedModeKeepsPerKeyOrderWhileOtherKeysOvertake() {
        FakeChatClient client = FakeChatClient.sentiment().hold("first");
        start(client, Map.of(ChorusConfig.ASYNC_ORDERING, "ORDERED"));

        posts.pipeInput("alice", post("p-1", "alice", "first good"));
        posts.pipeInput("alice", post("p-2", "alice", "second bad"));
        posts.pipeInput("bob", post("p-3", "bob", "third good"));
        await().until(() -> client.requestCount() == 3 && gateway.inFlight() == 1);

        assertThat(drainScoredIds()).containsExactly("p-3");
        client.release("first");
        await().until(() -> gateway.inFlight() == 0);
        assertThat(drainScoredIds()).containsExactly("p-1", "p-2");
    }

    @Test
    void unorderedModeEmitsAsSoonAsACallFinishes() {
        FakeChatClient client = FakeChatClient.sentiment().hold("first");
        start(client, Map.of(ChorusConfig.ASYNC_ORDERING, "UNORDERED"));

        posts.pipeInput("alice", post("p-1", "alice", "first good"));
        posts.pipeInput("alice", post("p-2", "alice", "second bad"));
        await().until(() -> client.requestCount() == 2 && gateway.inFlight() == 1);

        assertThat(drainScoredIds()).containsExactly("p-2");
        client.release("first");
        await().until(() -> gateway.inFlight() == 0);
        assertThat(drainScoredIds()).containsExactly("p-1");
    }

    @Test
    void inputsBeyondCapacityWaitForASlotWithoutBlockingOrDeadLetters() {
        FakeChatClient client = FakeChatClient.sentiment().hold("held");
        start(client, Map.of(ChorusConfig.ASYNC_CAPACITY, 2, ChorusConfig.ASYNC_ORDERING, "UNORDERED"));
        for (int i = 1; i <= 6; i++) {
            posts.pipeInput("k" + i, post("p-" + i, "k" + i, "held post " + i));
        }
        await().until(() -> client.requestCount() == 2);
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(client.requestCount()).as("calls in flight stay within async.capacity").isEqualTo(2);
        assertThat(dlq.isEmpty()).as("work behind others is not dead-lettered").isTrue();

        client.release("held");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            driver.advanceWallClockTime(Duration.ofMillis(100));
            return client.requestCount() == 6 && gateway.inFlight() == 0;
        });
        assertThat(drainScoredIds()).containsExactlyInAnyOrder("p-1", "p-2", "p-3", "p-4", "p-5", "p-6");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aFullPendingQueueMakesProcessWaitOnlyWithinItsBoundThenAccept() {
        FakeChatClient client = FakeChatClient.sentiment().hold("held");
        start(client, Map.of(ChorusConfig.ASYNC_CAPACITY, 1, ChorusConfig.ASYNC_MAX_PENDING, 0, ChorusConfig.ASYNC_MAX_BLOCK_MS, 100L));
        posts.pipeInput("a", post("p-1", "a", "held one"));
        posts.pipeInput("b", post("p-2", "b", "held two")); // waits at most async.max.block.ms, then is accepted
        posts.pipeInput("c", post("p-3", "c", "held three"));
        assertThat(dlq.isEmpty()).isTrue();

        client.release("held");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            driver.advanceWallClockTime(Duration.ofMillis(100));
            return client.requestCount() == 3 && gateway.inFlight() == 0;
        });
        assertThat(drainScoredIds()).containsExactlyInAnyOrder("p-1", "p-2", "p-3");
    }

    @Test
    void aTimedOutCallIsRetriedAndSucceeds() {
        FakeChatClient client = new FakeChatClient((r, attempt) -> {
            if (attempt == 1) {
                try {
                    Thread.sleep(60_000); // hangs until the gateway's timeout interrupts it
                } catch (InterruptedException e) {
                    throw new ModelCallException(ModelCallException.Kind.TIMEOUT, "interrupted");
                }
            }
            return "73";
        });
        start(client, Map.of(ChorusConfig.LLM_TIMEOUT_MS, 200L, ChorusConfig.ASYNC_MAX_ATTEMPTS, 3));

        posts.pipeInput("a", post("p-1", "a", "slow one"));
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.inFlight() == 0);

        List<ScoredPost> out = List.of(emitted());
        assertThat(out).extracting(ScoredPost::score).containsExactly(73.0);
        assertThat(client.requestCount()).isEqualTo(2);
        assertThat(gateway.metrics().count("chorus.model.retries", "sentiment")).isEqualTo(1.0);
    }

    private ScoredPost emitted() {
        driver.advanceWallClockTime(Duration.ofMillis(100));
        return scored.readValue();
    }

    @Test
    void exhaustedRetriesGoToTheDeadLetterTopicWithTheReason() {
        FakeChatClient client = new FakeChatClient((r, n) -> {
            throw new ModelCallException(ModelCallException.Kind.SERVER_ERROR, 503, "overloaded", null, null);
        });
        start(client, Map.of(ChorusConfig.ASYNC_MAX_ATTEMPTS, 3));

        posts.pipeInput("a", post("p-1", "a", "doomed"));
        await().until(() -> gateway.inFlight() == 0);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        TestRecord<byte[], byte[]> letter = dlq.readRecord();
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_REASON)).isEqualTo("MODEL_RETRIES_EXHAUSTED");
        assertThat(DeadLetters.header(letter.headers(), "chorus.attempts")).isEqualTo("3");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_STAGE)).isEqualTo("model:sentiment");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_MESSAGE)).contains("SERVER_ERROR");
        assertThat(JsonSerde.of(Post.class).fromBytes(letter.value()).id()).isEqualTo("p-1");
        assertThat(client.requestCount()).isEqualTo(3);
        assertThat(scored.isEmpty()).isTrue();
    }

    @Test
    void aNonRetriableErrorGoesToTheDeadLetterTopicAtOnce() {
        FakeChatClient client = new FakeChatClient((r, n) -> {
            throw new ModelCallException(ModelCallException.Kind.AUTHENTICATION, 401, "bad key", null, null);
        });
        start(client, Map.of(ChorusConfig.ASYNC_MAX_ATTEMPTS, 5));

        posts.pipeInput("a", post("p-1", "a", "hello"));
        await().until(() -> gateway.inFlight() == 0);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        TestRecord<byte[], byte[]> letter = dlq.readRecord();
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_REASON)).isEqualTo("MODEL_NON_RETRIABLE");
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void anUnparseableAnswerIsRetriedThenDeadLettered() {
        FakeChatClient client = new FakeChatClient((r, n) -> "I feel quite positive about it");
        start(client, Map.of(ChorusConfig.ASYNC_MAX_ATTEMPTS, 2));

        posts.pipeInput("a", post("p-1", "a", "hello"));
        await().until(() -> gateway.inFlight() == 0);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        TestRecord<byte[], byte[]> letter = dlq.readRecord();
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_REASON)).isEqualTo("MODEL_RETRIES_EXHAUSTED");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.HEADER_MESSAGE)).contains("UNPARSEABLE_ANSWER");
        assertThat(client.requestCount()).isEqualTo(2);
    }

    @Test
    void aRepeatedPromptIsServedFromTheCacheAndPersisted() {
        FakeChatClient client = FakeChatClient.sentiment();
        start(client, Map.of());

        posts.pipeInput("a", post("p-1", "a", "same good words"));
        await().until(() -> gateway.inFlight() == 0);
        driver.advanceWallClockTime(Duration.ofMillis(100));
        posts.pipeInput("b", post("p-2", "b", "same good words"));
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(scored.readValuesToList()).extracting(ScoredPost::postId, ScoredPost::score)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p-1", 80.0), org.assertj.core.groups.Tuple.tuple("p-2", 80.0));
        assertThat(client.requestCount()).isEqualTo(1);
        assertThat(cacheTopic.readValuesToList()).singleElement().satisfies(c -> assertThat(c.text()).isEqualTo("80"));
        assertThat(gateway.metrics().count("chorus.model.cache.hits", "sentiment")).isEqualTo(1.0);
    }

    @Test
    void thePersistentCacheAnswersWithoutACall() {
        FakeChatClient client = FakeChatClient.sentiment();
        start(client, Map.of());
        Post p = post("p-9", "a", "remembered text");
        String key = gateway.cacheKey(new io.chorus.sentiment.LlmSentimentTask(Clock.systemUTC()).prepare(p));
        cacheInput.pipeInput(key, new CachedResponse(1, key, "fake-model", "64", 10, 1, Instant.now()));

        posts.pipeInput("a", p);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(scored.readValuesToList()).extracting(ScoredPost::score).containsExactly(64.0);
        assertThat(client.requestCount()).isZero();
    }

    @Test
    void anUnreadableRecordOnTheCacheTopicIsAMissAndThePostIsScoredByTheModel() {
        FakeChatClient client = FakeChatClient.sentiment();
        start(client, Map.of());
        Post p = post("p-8", "a", "good text");
        String key = gateway.cacheKey(new io.chorus.sentiment.LlmSentimentTask(Clock.systemUTC()).prepare(p));
        driver.createInputTopic(topics.name(TopicId.LLM_CACHE), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())
                .pipeInput(key, "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        posts.pipeInput("a", p);
        await().until(() -> gateway.inFlight() == 0 && client.requestCount() == 1);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(scored.readValuesToList()).extracting(ScoredPost::postId).containsExactly("p-8");
        assertThat(dlq.readRecordsToList()).isEmpty();
    }

    @Test
    void theRequestRateLimitHoldsBackCallsBeyondTheBudget() {
        FakeChatClient client = FakeChatClient.sentiment();
        start(client, Map.of(ChorusConfig.LLM_REQUESTS_PER_MINUTE, 2, ChorusConfig.ASYNC_ORDERING, "UNORDERED"));

        posts.pipeInput("a", post("p-1", "a", "one"));
        posts.pipeInput("b", post("p-2", "b", "two"));
        posts.pipeInput("c", post("p-3", "c", "three"));

        await().until(() -> client.requestCount() == 2);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> client.requestCount() == 2);
        assertThat(gateway.inFlight()).isEqualTo(1);
    }
}
