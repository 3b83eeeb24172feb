package io.chorus.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.chorus.config.ChorusConfig;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ChatResult;
import io.chorus.llm.ModelCallException;
import io.chorus.llm.ModelCallException.Kind;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.llm.stub.StubLlmServer.Fault;
import io.chorus.llm.stub.StubRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves that {@link OpenAiChatClient} puts Chorus requests on the OpenAI wire correctly and classifies every kind of
 * failure as retriable or not, running the real LangChain4j client over HTTP against {@link StubLlmServer}.
 */
class OpenAiChatClientTest {

    private static final String API_KEY = "sk-test-0123456789-secret";
    private static final String MODEL = "test-model";

    private StubLlmServer stub;
    private OpenAiChatClient client;

    @BeforeEach
    void startStub() throws IOException {
        stub = StubLlmServer.builder().responder(request -> "one two three four five six seven eight").start();
        client = clientFor(stub.baseUrl(), Duration.ofSeconds(30));
    }

    @AfterEach
    void stopStub() {
        stub.close();
        client.close();
    }

    private static OpenAiChatClient clientFor(String baseUrl, Duration timeout) {
        return new OpenAiChatClient(baseUrl, API_KEY, MODEL, timeout, 0.0, 7, 64);
    }

    @Test
    void returnsTheAnswerTextWithTheReportedTokenUsage() throws ModelCallException {
        ChatResult result = client.chat(ChatRequest.of("Be brief.", "Say eight words."));

        // The stub reports max(1, chars/4) per side: (9 + 16) / 4 = 6 prompt tokens, 39 / 4 = 9 answer tokens.
        assertThat(result).isEqualTo(new ChatResult("one two three four five six seven eight", 6, 9, MODEL));
    }

    @Test
    void sendsTheSystemAndUserMessagesAndSettingsAsGiven() throws ModelCallException {
        client.chat(ChatRequest.builder("<post>\nI love it\n</post>").system("Grade the sentiment.").maxTokens(8).build());

        StubRequest sent = stub.lastRequest();
        assertThat(sent.messages()).containsExactly(
                new StubRequest.Message("system", "Grade the sentiment.", List.of()),
                new StubRequest.Message("user", "<post>\nI love it\n</post>", List.of()));
        assertThat(sent.model()).isEqualTo(MODEL);
        assertThat(sent.temperature()).isEqualTo(0.0);
        assertThat(sent.seed()).isEqualTo(7);
        assertThat(sent.maxTokens()).as("the request's limit wins over the client default 64").isEqualTo(8);
        assertThat(sent.responseFormat()).isNull();
    }

    @Test
    void sendsOnlyTheUserMessageWhenThereIsNoSystemMessage() throws ModelCallException {
        client.chat(ChatRequest.of(null, "hello"));

        assertThat(stub.lastRequest().messages()).extracting(StubRequest.Message::role).containsExactly("user");
        assertThat(stub.lastRequest().maxTokens()).as("the client default").isEqualTo(64);
    }

    @Test
    void sendsImagesAsImageUrlPartsAfterTheText() throws ModelCallException {
        List<String> images = List.of("https://img.example/a.png", "https://img.example/b.jpg");

        client.chat(ChatRequest.builder("What is in these pictures?").system("Describe.").images(images).build());

        StubRequest sent = stub.lastRequest();
        assertThat(sent.user()).isEqualTo("What is in these pictures?");
        assertThat(sent.imageUrls()).containsExactlyElementsOf(images);
        assertThat(sent.rawBody()).containsPattern("\"type\"\\s*:\\s*\"image_url\"").containsPattern("\"detail\"\\s*:\\s*\"low\"");
    }

    @Test
    void asksForAJsonObjectAnswerInJsonMode() throws ModelCallException {
        client.chat(ChatRequest.builder("label this").system("Answer in JSON.").jsonOutput().build());

        assertThat(stub.lastRequest().responseFormat()).isEqualTo("json_object");
        assertThat(stub.lastRequest().jsonMode()).isTrue();
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}, retriable={2}")
    @CsvSource({
            "429, RATE_LIMITED, true",
            "500, SERVER_ERROR, true",
            "502, SERVER_ERROR, true",
            "503, SERVER_ERROR, true",
            "400, INVALID_REQUEST, false",
            "401, AUTHENTICATION, false",
            "403, PERMISSION, false",
            "404, NOT_FOUND, false"})
    void classifiesHttpErrorStatusesWithOneAttemptPerCall(int status, Kind kind, boolean retriable) {
        stub.failAll(Fault.ofStatus(status));

        ModelCallException e = catchThrowableOfType(ModelCallException.class, () -> client.chat(ChatRequest.of("s", "u")));

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.retriable()).isEqualTo(retriable);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.getMessage()).contains("HTTP " + status).contains(stub.baseUrl()).contains("(stub)");
        // The stub sends Retry-After (1 s by default) with 429 only; the header-aware HTTP client reads it.
        assertThat(e.retryAfterMs()).isEqualTo(status == 429 ? 1_000L : null);
        assertThat(stub.requestCount()).as("LangChain4j's own retries are off").isEqualTo(1);
    }

    @Test
    void succeedsOnTheCallAfterRetriableFailuresBecauseEachCallIsOneAttempt() throws ModelCallException {
        stub.failNext(2, Fault.RATE_LIMITED);

        assertThatThrownBy(() -> client.chat(ChatRequest.of("s", "u"))).isInstanceOf(ModelCallException.class);
        assertThatThrownBy(() -> client.chat(ChatRequest.of("s", "u"))).isInstanceOf(ModelCallException.class);
        ChatResult third = client.chat(ChatRequest.of("s", "u"));

        assertThat(third.text()).isEqualTo("one two three four five six seven eight");
        assertThat(stub.requestCount()).isEqualTo(3);
    }

    @Test
    void classifiesAMalformedJsonBodyAsARetriableUnparseableAnswer() {
        stub.failNext(1, Fault.MALFORMED_JSON);

        ModelCallException e = catchThrowableOfType(ModelCallException.class, () -> client.chat(ChatRequest.of("s", "u")));

        assertThat(e.kind()).isEqualTo(Kind.UNPARSEABLE_ANSWER);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void classifiesAHangingServerAsARetriableTimeout() {
        stub.failNext(1, Fault.HANG);
        OpenAiChatClient impatient = clientFor(stub.baseUrl(), Duration.ofMillis(500));

        ModelCallException e = catchThrowableOfType(ModelCallException.class, () -> impatient.chat(ChatRequest.of("s", "u")));

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.retriable()).isTrue();
        assertThat(e.httpStatus()).isEqualTo(-1);
    }

    @Test
    void classifiesARefusedConnectionAsRetriable() throws IOException {
        String deadUrl;
        try (StubLlmServer gone = StubLlmServer.start()) {
            deadUrl = gone.baseUrl();
        }
        OpenAiChatClient nowhere = clientFor(deadUrl, Duration.ofSeconds(5));

        ModelCallException e = catchThrowableOfType(ModelCallException.class, () -> nowhere.chat(ChatRequest.of("s", "u")));

        assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).contains(deadUrl).contains(ChorusConfig.LLM_BASE_URL);
    }

    @Test
    void sendsTheApiKeyAsABearerHeaderAndNeverShowsIt() throws ModelCallException {
        client.chat(ChatRequest.of("s", "u"));

        assertThat(stub.lastRequest().authorization()).isEqualTo("Bearer " + API_KEY);
        assertThat(client.toString()).doesNotContain(API_KEY).contains("[hidden]").contains(MODEL);
        stub.failAll(Fault.UNAUTHORIZED);
        ModelCallException e = catchThrowableOfType(ModelCallException.class, () -> client.chat(ChatRequest.of("s", "u")));
        assertThat(e.getMessage()).doesNotContain(API_KEY).contains(ChorusConfig.LLM_API_KEY);
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutAKeyForLocalEndpoints() throws ModelCallException {
        OpenAiChatClient keyless = new OpenAiChatClient(stub.baseUrl(), null, MODEL, Duration.ofSeconds(30), null, null, null);

        keyless.chat(ChatRequest.of("s", "u"));

        assertThat(stub.lastRequest().authorization()).isNull();
        assertThat(keyless.toString()).contains("apiKey=none");
    }

    @Test
    void readsEveryLlmSettingFromTheConfig() throws ModelCallException {
        ChorusConfig config = ChorusConfig.withOverrides(Map.of(
                ChorusConfig.LLM_BASE_URL, stub.baseUrl() + "/",
                ChorusConfig.LLM_MODEL, "configured-model",
                ChorusConfig.LLM_API_KEY, API_KEY,
                ChorusConfig.LLM_TEMPERATURE, "0.5",
                ChorusConfig.LLM_SEED, "9",
                ChorusConfig.LLM_MAX_TOKENS, "33"));
        OpenAiChatClient configured = OpenAiChatClient.fromConfig(config);

        ChatResult result = configured.chat(ChatRequest.of("s", "u"));

        StubRequest sent = stub.lastRequest();
        assertThat(sent.model()).isEqualTo("configured-model");
        assertThat(sent.temperature()).isEqualTo(0.5);
        assertThat(sent.seed()).isEqualTo(9);
        assertThat(sent.maxTokens()).isEqualTo(33);
        assertThat(sent.authorization()).isEqualTo("Bearer " + API_KEY);
        assertThat(result.model()).isEqualTo("configured-model");
        assertThat(configured.endpoint()).as("trailing slash dropped").isEqualTo(stub.baseUrl());
        assertThat(configured.model()).isEqualTo("configured-model");
    }

    @Test
    void rejectsABaseUrlThatIsNotHttpNamingTheKey() {
        assertThatThrownBy(() -> clientFor("localhost:11434/v1", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ChorusConfig.LLM_BASE_URL);
    }
}
