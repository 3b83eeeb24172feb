package io.chorus.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.llm.stub.StubStats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that the provider's own rate signals reach Chorus through the OpenAI client (against the stub, which
 * sends them): Retry-After of a 429, the x-ratelimit headers of an answer, and the stub's count of what it served.
 */
class ProviderSignalsTest {

    private StubLlmServer stub;
    private OpenAiChatClient client;

    private void start(StubLlmServer.Builder builder) throws IOException {
        stub = builder.port(0).start();
        client = new OpenAiChatClient(stub.baseUrl(), "sk-test", "stub-model", Duration.ofSeconds(30), 0.0, 1, 16);
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    @Test
    void aRefusalCarriesTheServersRetryAfter() throws IOException {
        start(StubLlmServer.builder().retryAfter(Duration.ofMillis(1_500)));
        stub.failNext(1, StubLlmServer.Fault.RATE_LIMITED);
        ModelCallException e = catchThrowableOfType(() -> client.chat(ChatRequest.of(null, "hello")), ModelCallException.class);
        assertThat(e.kind()).isEqualTo(ModelCallException.Kind.RATE_LIMITED);
        assertThat(e.retryAfterMs()).isEqualTo(1_500L);
    }

    @Test
    void aSpentRequestLimitInTheHeadersAsksToPauseUntilItResets() throws Exception {
        start(StubLlmServer.builder().requestLimit(2, Duration.ofMinutes(1)));
        client.chat(ChatRequest.of(null, "one"));
        assertThat(client.pauseBeforeNextCall()).as("one request left").isZero();
        client.chat(ChatRequest.of(null, "two"));
        assertThat(client.pauseBeforeNextCall()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aRequestOverTheStubsLimitIsRefusedWithTheTimeToItsReset() throws Exception {
        start(StubLlmServer.builder().requestLimit(1, Duration.ofMinutes(1)));
        client.chat(ChatRequest.of(null, "one"));
        ModelCallException e = catchThrowableOfType(() -> client.chat(ChatRequest.of(null, "two")), ModelCallException.class);
        assertThat(e.kind()).isEqualTo(ModelCallException.Kind.RATE_LIMITED);
        assertThat(e.retryAfterMs()).isPositive().isLessThanOrEqualTo(60_000L);
    }

    @Test
    void aLimitLoweredWhileRunningAppliesToTheNextRequests() throws Exception {
        start(StubLlmServer.builder());
        client.chat(ChatRequest.of(null, "one"));
        stub.setRequestLimit(1);
        assertThat(catchThrowableOfType(() -> client.chat(ChatRequest.of(null, "two")), ModelCallException.class).kind())
                .isEqualTo(ModelCallException.Kind.RATE_LIMITED);
    }

    @Test
    void theStubCountsWhatItServedAtItsStatsEndpoint() throws Exception {
        start(StubLlmServer.builder());
        client.chat(ChatRequest.of(null, "x".repeat(40)));
        stub.failNext(1, StubLlmServer.Fault.SERVER_ERROR);
        catchThrowableOfType(() -> client.chat(ChatRequest.of(null, "y")), ModelCallException.class);

        StubStats stats = stub.stats();
        assertThat(stats.requests()).isEqualTo(2);
        assertThat(stats.answered()).isEqualTo(1);
        assertThat(stats.promptTokens()).isEqualTo(10);
        assertThat(stats.faults()).isEqualTo(Map.of("SERVER_ERROR", 1L));
        String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(json).contains("\"requests\":2", "\"answered\":1", "\"SERVER_ERROR\":1");
        assertThat(List.of(stats.items())).containsExactly(1L);
    }
}
