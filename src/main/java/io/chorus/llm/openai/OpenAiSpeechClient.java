package io.chorus.llm.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.MediaModelClient;
import io.chorus.llm.ModelCallException;
import io.chorus.llm.ModelCallException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@link MediaModelClient} for an OpenAI-compatible {@code /audio/speech} endpoint, on the JDK HTTP client (LangChain4j
 * has no speech model). Asks for WAV; reads at most {@code maxBytes} and refuses more. A 429's {@code Retry-After}
 * becomes the retry wait, as for chat; the status decides retriable or not with the same table.
 */
public final class OpenAiSpeechClient implements MediaModelClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String endpoint;
    private final String apiKey;
    private final String model;
    private final String voice;
    private final Duration timeout;
    private final long maxBytes;
    private final HttpClient http;

    public OpenAiSpeechClient(String baseUrl, String apiKey, String model, String voice, Duration timeout, long maxBytes) {
        this.endpoint = OpenAiImageClient.stripSlash(baseUrl);
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.model = model;
        this.voice = voice;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public static OpenAiSpeechClient fromConfig(ChorusConfig config) {
        return new OpenAiSpeechClient(config.getString(ChorusConfig.LLM_BASE_URL), config.llmApiKey(),
                config.getString(ChorusConfig.LLM_SPEECH_MODEL), config.getString(ChorusConfig.LLM_SPEECH_VOICE),
                Duration.ofMillis(config.getLong(ChorusConfig.LLM_TIMEOUT_MS)), config.getLong(ChorusConfig.MEDIA_MAX_BYTES));
    }

    @Override
    public Media generate(String text) throws ModelCallException {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("input", text).put("voice", voice).put("response_format", "wav");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + "/audio/speech")).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (r.statusCode() != 200) {
                    String message = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
                    if (apiKey != null) {
                        message = message.replace(apiKey, "[hidden]");
                    }
                    Long retryAfter = ProviderLimits.retryAfterMs(r.headers().map());
                    throw new ModelCallException(ModelCallException.kindOfStatus(r.statusCode()), r.statusCode(),
                            "HTTP " + r.statusCode() + " from " + endpoint + "/audio/speech (model " + model + "): " + message, retryAfter, null);
                }
                if (bytes.length > maxBytes) {
                    throw new ModelCallException(Kind.INVALID_REQUEST, "speech from " + endpoint + " is over media.max.bytes=" + maxBytes);
                }
                return new Media(bytes, model, null);
            }
        } catch (HttpTimeoutException e) {
            throw new ModelCallException(Kind.TIMEOUT, -1, "no speech from " + endpoint + " within " + timeout.toMillis() + " ms", null, e);
        } catch (IOException e) {
            throw new ModelCallException(Kind.CONNECTION, -1, "cannot reach " + endpoint + ": " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException(Kind.TIMEOUT, -1, "speech call to " + endpoint + " interrupted", null, e);
        }
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String toString() {
        return "OpenAiSpeechClient[endpoint=" + endpoint + ", model=" + model + ", voice=" + voice + "]";
    }
}
