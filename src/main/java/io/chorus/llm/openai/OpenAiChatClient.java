package io.chorus.llm.openai;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.ChatModelClient;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ChatResult;
import io.chorus.llm.ModelCallException;
import io.chorus.llm.ModelCallException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@link ChatModelClient} for any OpenAI-compatible chat-completions endpoint (OpenAI, Azure, Ollama, vLLM,
 * llama.cpp server, LM Studio), on LangChain4j's {@link OpenAiChatModel}. LangChain4j types stay inside this class:
 * callers see only {@link ChatRequest}, {@link ChatResult} and {@link ModelCallException}.
 *
 * <p>Contract:
 * <ul>
 *   <li>One HTTP attempt per {@link #chat} call: LangChain4j's own retries are off ({@code maxRetries(0)}) because
 *       Chorus's async processor retries with backoff, jitter and a rate limiter, and must see every failure.</li>
 *   <li>Each call blocks for at most about the timeout (connect and read); run it on the processor's executor.</li>
 *   <li>Every failure is a {@link ModelCallException} whose kind says whether retrying can help: 429, 5xx, timeouts,
 *       connection trouble and unparseable answers are retriable; 400, 401, 403 and 404 are not.</li>
 *   <li>The answer limit is sent as {@code max_tokens}, which every OpenAI-compatible server understands
 *       (OpenAI's reasoning models want {@code max_completion_tokens} instead).</li>
 *   <li>HTTP goes through {@link HeaderAwareHttpClient} (LangChain4j's HTTP client SPI on the JDK client), so the
 *       headers of every answer are seen: a 429's {@code Retry-After} / {@code retry-after-ms} becomes
 *       {@link ModelCallException#retryAfterMs()}, and {@code x-ratelimit-remaining-*} at zero with its
 *       {@code x-ratelimit-reset-*} becomes {@link #pauseBeforeNextCall()}.</li>
 *   <li>The API key is sent as a Bearer header and appears in no log, message or {@link #toString()}.</li>
 * </ul>
 * Thread-safe: one instance serves concurrent calls.
 */
public final class OpenAiChatClient implements ChatModelClient {

    private static final ObjectMapper ERROR_READER = new ObjectMapper();
    private static final int MAX_SERVER_MESSAGE_CHARS = 300;

    private final String endpoint;
    private final String model;
    private final Duration timeout;
    /** Kept only to redact it from server messages that might echo it. */
    private final String apiKey;
    private final OpenAiChatModel chatModel;
    private final ProviderLimits limits = new ProviderLimits();

    /**
     * @param baseUrl     base URL including {@code /v1}, e.g. {@code https://api.openai.com/v1} ({@value ChorusConfig#LLM_BASE_URL})
     * @param apiKey      API key, or null for endpoints without authentication (local servers)
     * @param model       model name ({@value ChorusConfig#LLM_MODEL})
     * @param timeout     connect and read timeout of one call ({@value ChorusConfig#LLM_TIMEOUT_MS})
     * @param temperature sampling temperature, or null for the endpoint's default
     * @param seed        sampling seed, or null
     * @param maxTokens   default answer limit, or null; a request's own {@link ChatRequest#maxTokens()} wins
     */
    public OpenAiChatClient(String baseUrl, String apiKey, String model, Duration timeout, Double temperature,
                            Integer seed, Integer maxTokens) {
        this.endpoint = checkBaseUrl(baseUrl);
        this.model = requireText(model, ChorusConfig.LLM_MODEL);
        this.timeout = Objects.requireNonNull(timeout, ChorusConfig.LLM_TIMEOUT_MS);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException(ChorusConfig.LLM_TIMEOUT_MS + " must be positive, was " + timeout);
        }
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.chatModel = OpenAiChatModel.builder()
                .baseUrl(endpoint)
                .apiKey(this.apiKey)
                .modelName(this.model)
                .timeout(timeout)
                .temperature(temperature)
                .seed(seed)
                .maxTokens(maxTokens)
                .maxRetries(0)
                .httpClientBuilder(HeaderAwareHttpClient.builder(limits))
                .logRequests(false)
                .logResponses(false)
                .build();
    }

    /** A client from the {@code llm.*} settings. */
    public static OpenAiChatClient fromConfig(ChorusConfig config) {
        return new OpenAiChatClient(
                config.getString(ChorusConfig.LLM_BASE_URL),
                config.llmApiKey(),
                config.getString(ChorusConfig.LLM_MODEL),
                Duration.ofMillis(config.getLong(ChorusConfig.LLM_TIMEOUT_MS)),
                config.getDouble(ChorusConfig.LLM_TEMPERATURE),
                config.getInt(ChorusConfig.LLM_SEED),
                config.getInt(ChorusConfig.LLM_MAX_TOKENS));
    }

    @Override
    public ChatResult chat(ChatRequest request) throws ModelCallException {
        Objects.requireNonNull(request, "request");
        ChatResponse response;
        try {
            response = chatModel.chat(toLangChain4j(request));
        } catch (RuntimeException e) {
            throw classify(e);
        }
        return toResult(request, response);
    }

    @Override
    public String model() {
        return model;
    }

    /** What the provider's rate-limit headers say about waiting before the next call. */
    @Override
    public Duration pauseBeforeNextCall() {
        return limits.pause(System.currentTimeMillis());
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    /** Names the endpoint and model, and only whether a key is set. */
    @Override
    public String toString() {
        return "OpenAiChatClient[endpoint=" + endpoint + ", model=" + model + ", timeout=" + timeout.toMillis() + "ms"
                + ", apiKey=" + (apiKey == null ? "none" : "[hidden]") + "]";
    }

    private static dev.langchain4j.model.chat.request.ChatRequest toLangChain4j(ChatRequest request) {
        List<ChatMessage> messages = new ArrayList<>(2);
        if (request.system() != null && !request.system().isBlank()) {
            messages.add(SystemMessage.from(request.system()));
        }
        messages.add(userMessage(request));
        var builder = dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(messages)
                .maxOutputTokens(request.maxTokens());
        if (request.jsonOutput()) {
            builder.responseFormat(ResponseFormat.JSON);
        }
        return builder.build();
    }

    /**
     * Text only as a plain string; with images as content parts, text first. Images go at LangChain4j's default
     * detail "low" (a fixed 85 tokens each at OpenAI, which {@link ChatRequest#estimatedPromptTokens()} assumes).
     */
    private static UserMessage userMessage(ChatRequest request) {
        if (request.imageUrls().isEmpty()) {
            return UserMessage.from(request.user());
        }
        List<Content> parts = new ArrayList<>(1 + request.imageUrls().size());
        parts.add(TextContent.from(request.user()));
        request.imageUrls().forEach(url -> parts.add(ImageContent.from(url)));
        return UserMessage.from(parts);
    }

    private ChatResult toResult(ChatRequest request, ChatResponse response) throws ModelCallException {
        String text = response.aiMessage() == null ? null : response.aiMessage().text();
        if (text == null) {
            throw new ModelCallException(Kind.UNPARSEABLE_ANSWER, 200,
                    "Answer from " + endpoint + " (model " + model + ") has no text content; finish reason: "
                            + response.finishReason(), null, null);
        }
        TokenUsage usage = response.tokenUsage();
        long tokensIn = usage != null && usage.inputTokenCount() != null
                ? usage.inputTokenCount() : request.estimatedPromptTokens();
        long tokensOut = usage != null && usage.outputTokenCount() != null
                ? usage.outputTokenCount() : Math.max(1, text.length() / 4);
        String answeredBy = response.modelName() == null || response.modelName().isBlank() ? model : response.modelName();
        return new ChatResult(text, tokensIn, tokensOut, answeredBy);
    }

    /**
     * Classifies a LangChain4j failure. The HTTP status, when there was an answer, decides (LangChain4j maps 401
     * and 403 both to {@link AuthenticationException}; the status keeps them apart). Otherwise the cause decides:
     * timeouts and interrupts are TIMEOUT, a malformed body is UNPARSEABLE_ANSWER (checked before I/O, since
     * Jackson's exceptions are IOExceptions), other I/O trouble is CONNECTION. Unresolvable hosts count as
     * CONNECTION (retriable) because DNS hiccups pass; a misspelt host fails every attempt and ends in the DLQ.
     */
    private ModelCallException classify(RuntimeException e) {
        HttpException http = causeOf(e, HttpException.class);
        if (http != null) {
            int status = http.statusCode();
            Kind kind = ModelCallException.kindOfStatus(status);
            String message = "HTTP " + status + " from " + endpoint + " (model " + model + "): "
                    + serverMessage(http.getMessage()) + hint(kind);
            Long retryAfter = http instanceof HeaderAwareHttpClient.RefusedException refused
                    ? ProviderLimits.retryAfterMs(refused.headers()) : null;
            return new ModelCallException(kind, status, message, retryAfter, e);
        }
        if (e instanceof dev.langchain4j.exception.TimeoutException || causeOf(e, HttpTimeoutException.class) != null
                || causeOf(e, InterruptedIOException.class) != null) {
            return failure(Kind.TIMEOUT, "no answer from " + endpoint + " within " + timeout.toMillis() + " ms", e);
        }
        if (causeOf(e, InterruptedException.class) != null) {
            // The caller cancelled the call (its own timeout or shutdown); the interrupt flag is set again by the
            // HTTP client. Retriable: the request itself was not at fault.
            return failure(Kind.TIMEOUT, "call to " + endpoint + " interrupted before an answer arrived", e);
        }
        if (causeOf(e, JacksonException.class) != null) {
            return failure(Kind.UNPARSEABLE_ANSWER, "answer from " + endpoint + " is not valid chat-completion JSON", e);
        }
        if (e instanceof UnresolvedModelServerException || causeOf(e, UnresolvedAddressException.class) != null
                || causeOf(e, java.net.UnknownHostException.class) != null) {
            return failure(Kind.CONNECTION, "cannot resolve the host of " + endpoint + "; check "
                    + ChorusConfig.LLM_BASE_URL, e);
        }
        if (causeOf(e, IOException.class) != null) {
            return failure(Kind.CONNECTION, "cannot reach " + endpoint + ": " + rootMessage(e)
                    + "; is the server running, and is " + ChorusConfig.LLM_BASE_URL + " right?", e);
        }
        if (e instanceof RateLimitException) {
            return failure(Kind.RATE_LIMITED, "rate limited by " + endpoint, e);
        }
        if (e instanceof AuthenticationException) {
            return failure(Kind.AUTHENTICATION, "authentication failed at " + endpoint + hint(Kind.AUTHENTICATION), e);
        }
        if (e instanceof ModelNotFoundException) {
            return failure(Kind.NOT_FOUND, "not found at " + endpoint + hint(Kind.NOT_FOUND), e);
        }
        if (e instanceof InvalidRequestException) {
            return failure(Kind.INVALID_REQUEST, "request rejected by " + endpoint + ": " + redact(e.getMessage()), e);
        }
        if (e instanceof InternalServerException || e instanceof RetriableException) {
            return failure(Kind.SERVER_ERROR, "server error at " + endpoint + ": " + redact(e.getMessage()), e);
        }
        return failure(Kind.OTHER, "call to " + endpoint + " failed: " + redact(String.valueOf(e)), e);
    }

    private static ModelCallException failure(Kind kind, String message, Throwable cause) {
        return new ModelCallException(kind, -1, message, null, cause);
    }

    private static String hint(Kind kind) {
        return switch (kind) {
            case AUTHENTICATION -> " (check the API key: " + ChorusConfig.LLM_API_KEY + ", CHORUS_LLM_API_KEY or OPENAI_API_KEY)";
            case PERMISSION -> " (the key may not use this model or endpoint; check " + ChorusConfig.LLM_MODEL + ")";
            case NOT_FOUND -> " (check " + ChorusConfig.LLM_MODEL + ", and that " + ChorusConfig.LLM_BASE_URL + " ends in /v1)";
            default -> "";
        };
    }

    /** The OpenAI-style {@code error.message} of an error body, else the body itself, shortened and redacted. */
    private String serverMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String message = body;
        try {
            JsonNode error = ERROR_READER.readTree(body).path("error");
            if (error.path("message").isTextual()) {
                message = error.get("message").asText();
            } else if (error.isTextual()) {
                message = error.asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // Not JSON (an HTML error page from a proxy, say): show the start of it.
        }
        message = redact(message.strip());
        return message.length() > MAX_SERVER_MESSAGE_CHARS ? message.substring(0, MAX_SERVER_MESSAGE_CHARS) + "..." : message;
    }

    private String redact(String text) {
        return text == null || apiKey == null ? text : text.replace(apiKey, "[hidden]");
    }

    private String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return redact(root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()));
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String checkBaseUrl(String baseUrl) {
        String url = requireText(baseUrl, ChorusConfig.LLM_BASE_URL).strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        String scheme;
        try {
            URI uri = URI.create(url);
            scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null) {
                scheme = "";
            }
        } catch (IllegalArgumentException e) {
            scheme = "";
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(ChorusConfig.LLM_BASE_URL + " must be an http(s) URL including /v1, e.g. "
                    + "https://api.openai.com/v1 or http://localhost:11434/v1; was '" + baseUrl + "'");
        }
        return url;
    }

    private static String requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
        return value;
    }
}
