package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import io.chorus.serde.ErrorReason;
import io.chorus.testing.FakeChatClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves the gateway's composition: calls and retries off the caller's thread, failures classified, answers cached and counted. */
class ModelGatewayTest {

    private ModelGateway gateway;

    @AfterEach
    void close() {
        gateway.close();
    }

    private ModelGateway start(FakeChatClient client, int attempts) {
        gateway = new ModelGateway(client, GatewaySettings.builder().maxAttempts(attempts).backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                .rateLimits(1_000_000, 1_000_000_000).executorThreads(2).build(), new SimpleMeterRegistry());
        return gateway;
    }

    @Test
    void everyAttemptRunsOffTheCallingThread() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        start(new FakeChatClient((r, n) -> {
            threads.add(Thread.currentThread().getName());
            if (n < 3) {
                throw new ModelCallException(ModelCallException.Kind.SERVER_ERROR, 500, "oops", null, null);
            }
            return "ok";
        }), 3);
        var done = gateway.submit("t", ChatRequest.of(null, "q"), ModelAnswer::text).get(30, TimeUnit.SECONDS);
        assertThat(done.output()).isEqualTo("ok");
        assertThat(done.answer().attempts()).isEqualTo(3);
        assertThat(threads).hasSize(3).doesNotContain(Thread.currentThread().getName());
        assertThat(gateway.metrics().count("chorus.model.retries", "t")).isEqualTo(2.0);
    }

    @Test
    void spentRetriesFailWithTheirReasonAndAttemptCount() {
        start(new FakeChatClient((r, n) -> {
            throw new ModelCallException(ModelCallException.Kind.SERVER_ERROR, 500, "oops", null, null);
        }), 2);
        var future = gateway.submit("t", ChatRequest.of(null, "q"), ModelAnswer::text);
        assertThat(future).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ErrorReason.MODEL_RETRIES_EXHAUSTED);
                    assertThat(e.attempts()).isEqualTo(2);
                });
    }

    @Test
    void aSuccessfulAnswerIsRememberedUnderItsCacheKey() throws Exception {
        start(FakeChatClient.sentiment(), 1);
        ChatRequest q = ChatRequest.of(null, "good");
        gateway.submit("t", q, ModelAnswer::text).get(30, TimeUnit.SECONDS);
        assertThat(gateway.cached(gateway.cacheKey(q))).extracting(ModelAnswer::text).isEqualTo("80");
        // the call leaves the in-flight count after its result's callbacks ran, so just after get() it may still be 1
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gateway.inFlight() == 0);
    }

    @Test
    void aNonRetriableErrorIsNotTriedAgain() {
        FakeChatClient client = new FakeChatClient((r, n) -> {
            throw new ModelCallException(ModelCallException.Kind.INVALID_REQUEST, 400, "bad request", null, null);
        });
        start(client, 4);
        var future = gateway.submit("t", ChatRequest.of(null, "q"), ModelAnswer::text);
        assertThat(future).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOfSatisfying(CallFailedException.class, e -> assertThat(e.reason()).isEqualTo(ErrorReason.MODEL_NON_RETRIABLE));
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void refusalsForTheRateLimitAreRetriedBeyondTheAttemptsUntilTheEndpointAnswers() throws Exception {
        FakeChatClient client = new FakeChatClient((r, n) -> {
            if (n <= 6) {
                throw new ModelCallException(ModelCallException.Kind.RATE_LIMITED, 429, "slow down", 1L, null);
            }
            return "ok";
        });
        start(client, 2);
        var done = gateway.submit("t", ChatRequest.of(null, "q"), ModelAnswer::text).get(30, TimeUnit.SECONDS);
        assertThat(done.output()).isEqualTo("ok");
        assertThat(client.requestCount()).as("six refusals and the answer, with only two attempts for errors").isEqualTo(7);
    }
}
