package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.llm.ChatModelClient;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ChatResult;
import io.chorus.llm.ModelCallException;
import io.chorus.serde.ErrorReason;
import io.chorus.testing.FakeChatClient;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves, through the whole gateway and the fake client, what its parts promise together: which failures are tried
 * again, an attempt's timeout, unparseable answers, what is cached, the bound on calls at once and how refusals
 * lower it, and the pause the endpoint's own rate-limit signals ask for.
 */
class ModelGatewayCallsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ModelGateway gateway;
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void close() {
        never.countDown();
        gateway.close();
    }

    private ModelGateway start(ChatModelClient client, Consumer<GatewaySettings.Builder> settings) {
        GatewaySettings.Builder builder = GatewaySettings.builder().maxAttempts(3).backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                .rateLimits(1_000_000, 1_000_000_000).executorThreads(2);
        settings.accept(builder);
        gateway = new ModelGateway(client, builder.build(), registry);
        return gateway;
    }

    /** The fake, behind an endpoint whose rate-limit signals always ask for {@code pause} before the next call. */
    private static ChatModelClient pausing(FakeChatClient fake, Duration pause) {
        return new ChatModelClient() {
            @Override
            public ChatResult chat(ChatRequest request) throws ModelCallException {
                return fake.chat(request);
            }

            @Override
            public String model() {
                return fake.model();
            }

            @Override
            public String endpoint() {
                return fake.endpoint();
            }

            @Override
            public Duration pauseBeforeNextCall() {
                return pause;
            }
        };
    }

    private double providerPauseMs() {
        Timer timer = registry.find("chorus.model.provider.pause").timer();
        return timer == null ? 0 : timer.totalTime(TimeUnit.MILLISECONDS);
    }

    private static FakeChatClient failingWith(ModelCallException.Kind kind) {
        return new FakeChatClient((r, n) -> {
            throw new ModelCallException(kind, kind.retriable() ? 500 : 400, "refused", null, null);
        });
    }

    /** An attempt that never answers until the test ends (the watchdog interrupts it). */
    private String hang() throws ModelCallException {
        try {
            never.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ModelCallException(ModelCallException.Kind.TIMEOUT, "interrupted");
    }

    private static CallFailedException failure(CompletableFuture<?> future) {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (CallFailedException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the call did not fail within " + WAIT, e);
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aNonRetriableFailureIsTriedOnce() {
        FakeChatClient client = failingWith(ModelCallException.Kind.AUTHENTICATION);
        start(client, s -> { });
        CallFailedException e = failure(gateway.submit("t", ChatRequest.of(null, "q"), ModelAnswer::text));
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void aNonRetriableFailureFailsAsNonRetriableNamingItsKind() {
        start(failingWith(ModelCallException.Kind.INVALID_REQUEST), s -> { });
        CallFailedException e = failure(gateway.submit("t", ChatRequest.of(null, "q"), ModelAnswer::text));
        assertThat(e.reason()).isEqualTo(ErrorReason.MODEL_NON_RETRIABLE);
        assertThat(e.getMessage()).contains("not retriable").contains("INVALID_REQUEST");
    }

    @Test
    void aRateLimitedAttemptIsTriedAgain() throws Exception {
        start(new FakeChatClient((r, n) -> {
            if (n == 1) {
                throw new ModelCallException(ModelCallException.Kind.RATE_LIMITED, 429, "slow down", null, null);
            }
            return "ok";
        }), s -> { });
        var done = gateway.submit("t", ChatRequest.of(null, "q"), ModelAnswer::text).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(done.output()).isEqualTo("ok");
        assertThat(done.answer().attempts()).isEqualTo(2);
    }

    @Test
    void anAttemptWithoutAnAnswerWithinTheTimeoutIsTriedAgain() throws Exception {
        start(new FakeChatClient((r, n) -> n == 1 ? hang() : "ok"), s -> s.timeout(Duration.ofMillis(200)));
        var done = gateway.submit("t", ChatRequest.of(null, "q"), ModelAnswer::text).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(done.output()).isEqualTo("ok");
        assertThat(done.answer().attempts()).isEqualTo(2);
    }

    @Test
    void attemptsThatAllTimeOutFailAsRetriesExhaustedNamingTheTimeout() {
        start(new FakeChatClient((r, n) -> hang()), s -> s.timeout(Duration.ofMillis(100)).maxAttempts(2));
        CallFailedException e = failure(gateway.submit("t", ChatRequest.of(null, "q"), ModelAnswer::text));
        assertThat(e.reason()).isEqualTo(ErrorReason.MODEL_RETRIES_EXHAUSTED);
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.getMessage()).contains("TIMEOUT");
    }

    @Test
    void anAnswerTheParserCannotReadIsAskedAgain() throws Exception {
        start(new FakeChatClient((r, n) -> n == 1 ? "not a number" : "42"), s -> { });
        var done = gateway.submit("t", ChatRequest.of(null, "q"), answer -> {
            try {
                return Integer.parseInt(answer.text());
            } catch (NumberFormatException e) {
                throw new ModelCallException(ModelCallException.Kind.UNPARSEABLE_ANSWER, "not a number: " + answer.text());
            }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(done.output()).isEqualTo(42);
        assertThat(done.answer().attempts()).isEqualTo(2);
    }

    @Test
    void anEqualQuestionFindsTheCachedAnswer() throws Exception {
        start(FakeChatClient.sentiment(), s -> { });
        gateway.submit("t", ChatRequest.of("grade", "good"), ModelAnswer::text).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(gateway.cached(gateway.cacheKey(ChatRequest.of("grade", "good")))).extracting(ModelAnswer::text).isEqualTo("80");
    }

    @Test
    void anotherQuestionDoesNotFindThatAnswer() throws Exception {
        start(FakeChatClient.sentiment(), s -> { });
        gateway.submit("t", ChatRequest.of("grade", "good"), ModelAnswer::text).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(gateway.cached(gateway.cacheKey(ChatRequest.of("grade", "bad")))).isNull();
    }

    @Test
    void aFailedCallLeavesNothingInTheCache() {
        start(failingWith(ModelCallException.Kind.AUTHENTICATION), s -> { });
        ChatRequest q = ChatRequest.of(null, "q");
        failure(gateway.submit("t", q, ModelAnswer::text));
        assertThat(gateway.cached(gateway.cacheKey(q))).isNull();
    }

    @Test
    void aFailureIsCountedByItsKind() {
        start(failingWith(ModelCallException.Kind.PERMISSION), s -> { });
        failure(gateway.submit("t", ChatRequest.of(null, "q"), ModelAnswer::text));
        assertThat(registry.find("chorus.model.failures").tags("use", "t", "cause", "PERMISSION").counter())
                .isNotNull().extracting(c -> c.count()).isEqualTo(1.0);
    }

    @Test
    void callsAtOnceAreBoundedByTheExecutorThreads() throws Exception {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        FakeChatClient client = new FakeChatClient((r, n) -> {
            most.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                active.decrementAndGet();
            }
            return "ok";
        });
        start(client, s -> s.executorThreads(2));
        List<CompletableFuture<ModelGateway.Completed<String>>> calls = IntStream.range(0, 4)
                .mapToObj(i -> gateway.submit("t", ChatRequest.of(null, "q" + i), ModelAnswer::text)).toList();
        await().atMost(WAIT).until(() -> active.get() == 2);
        assertThat(calls).as("two calls wait while two run").filteredOn(f -> !f.isDone()).hasSize(4);
        assertThat(client.requestCount()).isEqualTo(2);
        release.countDown();
        assertThat(calls).allSatisfy(f -> assertThat(f).succeedsWithin(WAIT));
        assertThat(most).hasValue(2);
        assertThat(client.requestCount()).isEqualTo(4);
    }

    @Test
    void aRateLimitedAnswerHalvesTheCallsAtOnce() {
        // a 429 counted as an attempt (no time budget for refusals), so that one refusal ends the call
        start(failingWith(ModelCallException.Kind.RATE_LIMITED), s -> s.executorThreads(4).maxAttempts(1).rateLimitedMax(Duration.ZERO));
        failure(gateway.submit("t", ChatRequest.of(null, "q"), ModelAnswer::text));
        assertThat(gateway.concurrencyLimit()).isEqualTo(2);
    }

    @Test
    void aServerErrorLeavesTheCallsAtOnceAlone() {
        start(failingWith(ModelCallException.Kind.SERVER_ERROR), s -> s.executorThreads(4).maxAttempts(1));
        failure(gateway.submit("t", ChatRequest.of(null, "q"), ModelAnswer::text));
        assertThat(gateway.concurrencyLimit()).isEqualTo(4);
    }

    @Test
    void pausesBeforeACallAsTheEndpointsRateLimitSignalsAsk() throws Exception {
        start(pausing(FakeChatClient.sentiment(), Duration.ofMillis(5)), s -> s.backoff(Duration.ofMillis(1), Duration.ofSeconds(1)));
        gateway.submit("t", ChatRequest.of(null, "good"), ModelAnswer::text).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(providerPauseMs()).isEqualTo(5.0);
    }

    @Test
    void theEndpointsPauseIsCappedByTheLargestBackoff() throws Exception {
        start(pausing(FakeChatClient.sentiment(), Duration.ofMinutes(10)), s -> s.backoff(Duration.ofMillis(1), Duration.ofMillis(20)));
        var done = gateway.submit("t", ChatRequest.of(null, "good"), ModelAnswer::text).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(done.output()).isEqualTo("80");
        assertThat(providerPauseMs()).isEqualTo(20.0);
    }

    @Test
    void doesNotPauseWhenTheEndpointAsksForNothing() throws Exception {
        start(FakeChatClient.sentiment(), s -> { });
        gateway.submit("t", ChatRequest.of(null, "good"), ModelAnswer::text).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(providerPauseMs()).isZero();
    }
}
