package io.chorus.llm.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.llm.stub.StubLlmServer.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link StubLlmServer} answers like the OpenAI chat-completions API, records what it was sent, and
 * applies latency and faults as configured: scripted faults in order, random faults reproducibly from a seed, and
 * hanging requests ended by {@code close()}. Talks raw HTTP, so it checks the wire format itself.
 */
class StubLlmServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIMPLE_BODY = """
            {"model":"m1","messages":[{"role":"system","content":"Be nice."},{"role":"user","content":"hello"}]}""";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<StubLlmServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(StubLlmServer::close);
    }

    private StubLlmServer started(StubLlmServer.Builder builder) throws IOException {
        StubLlmServer server = builder.start();
        servers.add(server);
        return server;
    }

    private HttpRequest post(StubLlmServer server, String body) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer sk-stub")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private HttpResponse<String> send(StubLlmServer server, String body) throws IOException, InterruptedException {
        return http.send(post(server, body), HttpResponse.BodyHandlers.ofString());
    }

    private static String userOnly(String text) {
        return "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":" + JSON.valueToTree(text) + "}]}";
    }

    @Test
    void answersWithAChatCompletionBody() throws Exception {
        StubLlmServer server = started(StubLlmServer.builder().responder(r -> "pong"));

        HttpResponse<String> response = send(server, SIMPLE_BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("created").isIntegralNumber()).isTrue();
        assertThat(body.path("model").asText()).isEqualTo("m1");
        JsonNode choice = body.path("choices").path(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("pong");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        // (8 + 5) / 4 = 3 prompt tokens; "pong" is 1 answer token.
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(3);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(1);
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void recordsTheParsedRequestWithImagesFormatAndAuthorization() throws Exception {
        StubLlmServer server = started(StubLlmServer.builder());
        String body = """
                {"model":"vision","temperature":0.2,"seed":5,"max_tokens":12,"response_format":{"type":"json_object"},
                 "messages":[{"role":"system","content":"Describe."},
                             {"role":"user","content":[{"type":"text","text":"What is this?"},
                                                       {"type":"image_url","image_url":{"url":"https://img.example/cat.png"}}]}]}""";

        send(server, body);

        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(server.requests()).containsExactly(new StubRequest("vision",
                List.of(new StubRequest.Message("system", "Describe.", List.of()),
                        new StubRequest.Message("user", "What is this?", List.of("https://img.example/cat.png"))),
                "json_object", 12, 0.2, 5, "Bearer sk-stub", body));
        assertThat(server.lastRequest().jsonMode()).isTrue();
    }

    @Test
    void givesSentimentPromptsAStableNumberFromTheUserText() throws Exception {
        StubLlmServer server = started(StubLlmServer.builder());
        String body = """
                {"messages":[{"role":"system","content":"Grade the sentiment from 0 to 100."},
                             {"role":"user","content":"<post>great day</post>"}]}""";

        String first = JSON.readTree(send(server, body).body()).path("choices").path(0).path("message").path("content").asText();
        String second = JSON.readTree(send(server, body).body()).path("choices").path(0).path("message").path("content").asText();

        assertThat(first).isEqualTo(second).isEqualTo(Integer.toString(Math.floorMod("<post>great day</post>".hashCode(), 101)));
        assertThat(Integer.parseInt(first)).isBetween(0, 100);
    }

    @Test
    void waitsTheLatencyFromTheSupplierBeforeAnswering() throws Exception {
        AtomicInteger consulted = new AtomicInteger();
        StubLlmServer server = started(StubLlmServer.builder().latency(() -> {
            consulted.incrementAndGet();
            return Duration.ofMillis(300);
        }));

        long start = System.nanoTime();
        HttpResponse<String> response = send(server, SIMPLE_BODY);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(consulted).hasValue(1);
        assertThat(elapsedMs).as("lower bound only").isGreaterThanOrEqualTo(300);
    }

    @Test
    void appliesScriptedFaultsInOrderThenAnswersNormally() throws Exception {
        StubLlmServer server = started(StubLlmServer.builder().retryAfter(Duration.ofMillis(1500)));
        server.failNext(2, Fault.RATE_LIMITED);
        server.failNext(1, Fault.SERVER_ERROR);
        server.failNext(1, Fault.MALFORMED_JSON);

        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            responses.add(send(server, SIMPLE_BODY));
        }

        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(429, 429, 500, 200, 200);
        assertThat(responses.get(0).headers().firstValue("Retry-After")).hasValue("2");
        assertThat(responses.get(0).headers().firstValue("retry-after-ms")).hasValue("1500");
        assertThat(JSON.readTree(responses.get(0).body()).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThatThrownBy(() -> JSON.readTree(responses.get(3).body())).isInstanceOf(IOException.class);
        assertThat(JSON.readTree(responses.get(4).body()).path("object").asText()).isEqualTo("chat.completion");
    }

    @Test
    void answersEveryRequestWithAnOpenAiStyleErrorWhileFailAllIsSet() throws Exception {
        StubLlmServer server = started(StubLlmServer.builder());
        server.failAll(Fault.UNAUTHORIZED);

        HttpResponse<String> first = send(server, SIMPLE_BODY);
        HttpResponse<String> second = send(server, SIMPLE_BODY);
        server.failAll(null);
        HttpResponse<String> third = send(server, SIMPLE_BODY);

        assertThat(List.of(first, second, third)).extracting(HttpResponse::statusCode).containsExactly(401, 401, 200);
        JsonNode error = JSON.readTree(first.body()).path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void drawsTheSameRandomFaultsForTheSameSeed() throws Exception {
        List<Integer> first = statuses(started(StubLlmServer.builder().seed(7).errorRate(0.5)), 40);
        List<Integer> again = statuses(started(StubLlmServer.builder().seed(7).errorRate(0.5)), 40);
        List<Integer> otherSeed = statuses(started(StubLlmServer.builder().seed(8).errorRate(0.5)), 40);

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(first).contains(200, 429, 500);
    }

    private List<Integer> statuses(StubLlmServer server, int n) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            statuses.add(send(server, userOnly("post " + i)).statusCode());
        }
        return statuses;
    }

    @Test
    void rejectsFaultRatesAddingUpToMoreThanOne() {
        assertThatThrownBy(() -> StubLlmServer.builder().errorRate(0.9).hangRate(0.2).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1");
    }

    @Test
    void servesConcurrentRequestsConcurrently() throws Exception {
        int n = 8;
        CountDownLatch allArrived = new CountDownLatch(n);
        StubLlmServer server = started(StubLlmServer.builder().responder(request -> {
            allArrived.countDown();
            try {
                // Served one at a time, the first request would wait here for the others in vain.
                return allArrived.await(30, TimeUnit.SECONDS) ? "together" : "alone";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }));

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            responses.add(http.sendAsync(post(server, userOnly("p" + i)), HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(JSON.readTree(response.get(60, TimeUnit.SECONDS).body())
                    .path("choices").path(0).path("message").path("content").asText()).isEqualTo("together");
        }
    }

    @Test
    void closeEndsHangingRequestsPromptly() throws Exception {
        StubLlmServer server = started(StubLlmServer.builder());
        server.failNext(1, Fault.HANG);
        CompletableFuture<HttpResponse<String>> hanging = http.sendAsync(post(server, SIMPLE_BODY), HttpResponse.BodyHandlers.ofString());
        await().until(() -> server.inFlight() == 1);
        assertThat(hanging).isNotDone();

        server.close();

        // The hang would last 10 minutes; the bound only keeps a broken close() from stalling the build.
        assertThat(hanging).failsWithin(Duration.ofSeconds(30));
        assertThat(server.inFlight()).isZero();
    }

    @Test
    void listsTheStubModel() throws Exception {
        StubLlmServer server = started(StubLlmServer.builder());

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("data").path(0).path("id").asText()).isEqualTo(StubLlmServer.DEFAULT_MODEL);
    }
}
