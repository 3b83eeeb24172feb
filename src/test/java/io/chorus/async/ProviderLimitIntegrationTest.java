package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.llm.ChatRequest;
import io.chorus.llm.openai.OpenAiChatClient;
import io.chorus.llm.stub.StubLlmServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Proves against the stub that a limit dropping mid-run is found from the endpoint's own signals: the gateway's
 * concurrency falls on 429s, calls wait for the endpoint's reset (Retry-After), and every call still succeeds.
 */
class ProviderLimitIntegrationTest {

    @Test
    void aLimitThatDropsMidRunLowersConcurrencyAndEveryCallStillSucceeds() throws Exception {
        try (StubLlmServer stub = StubLlmServer.builder().port(0).latency(Duration.ofMillis(20)).recordRequests(false)
                .requestLimit(0, Duration.ofMillis(500)).start();
             ModelGateway gateway = new ModelGateway(new OpenAiChatClient(stub.baseUrl(), "sk-test", "stub-model", Duration.ofSeconds(30),
                     0.0, 1, 8), GatewaySettings.builder().maxAttempts(30).backoff(Duration.ofMillis(10), Duration.ofSeconds(1))
                     .rateLimits(1_000_000, 1_000_000_000).executorThreads(8).build(), new SimpleMeterRegistry())) {
            List<CompletableFuture<ModelGateway.Completed<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(gateway.submit("t", ChatRequest.of(null, "before " + i), ModelAnswer::text));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
            assertThat(gateway.concurrencyLimit()).as("no refusal yet").isEqualTo(8);

            stub.setRequestLimit(4); // per 500 ms from now on
            List<CompletableFuture<ModelGateway.Completed<String>>> after = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                after.add(gateway.submit("t", ChatRequest.of(null, "after " + i), ModelAnswer::text));
            }
            for (var call : after) {
                assertThat(call).succeedsWithin(Duration.ofMinutes(2));
            }
            assertThat(gateway.concurrencyLimit()).as("halved by refusals").isLessThan(8);
            assertThat(stub.stats().faults()).containsKey("RATE_LIMITED");
            assertThat(stub.stats().answered()).isEqualTo(40);
        }
    }
}
