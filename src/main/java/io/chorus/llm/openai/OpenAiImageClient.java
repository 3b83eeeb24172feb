package io.chorus.llm.openai;

import dev.langchain4j.data.image.Image;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.openai.OpenAiImageModel;
import dev.langchain4j.model.output.Response;
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
import java.time.Duration;
import java.util.Base64;

/**
 * {@link MediaModelClient} for an OpenAI-compatible {@code /images/generations} endpoint, on LangChain4j's
 * {@link OpenAiImageModel} with the same header-aware HTTP client as chat (one attempt per call: Chorus retries).
 * An answer as {@code b64_json} is decoded; an answer as a URL (DALL-E's default) is downloaded with the same
 * timeout and refused past {@code maxBytes}, so a huge or endless download cannot fill memory.
 */
public final class OpenAiImageClient implements MediaModelClient {

    private final String endpoint;
    private final String model;
    private final Duration timeout;
    private final long maxBytes;
    private final OpenAiImageModel imageModel;
    private final HttpClient download;

    public OpenAiImageClient(String baseUrl, String apiKey, String model, String size, Duration timeout, long maxBytes) {
        this.endpoint = stripSlash(baseUrl);
        this.model = model;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.imageModel = OpenAiImageModel.builder()
                .baseUrl(endpoint)
                .apiKey(apiKey == null || apiKey.isBlank() ? null : apiKey)
                .modelName(model)
                .size(size)
                .timeout(timeout)
                .maxRetries(0)
                .httpClientBuilder(HeaderAwareHttpClient.builder(new ProviderLimits()))
                .logRequests(false)
                .logResponses(false)
                .build();
        this.download = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** A client from {@code llm.base.url}, {@code llm.api.key}, {@code llm.image.model}, {@code media.image.size}, {@code llm.timeout.ms}. */
    public static OpenAiImageClient fromConfig(ChorusConfig config) {
        return new OpenAiImageClient(config.getString(ChorusConfig.LLM_BASE_URL), config.llmApiKey(),
                config.getString(ChorusConfig.LLM_IMAGE_MODEL), config.getString(ChorusConfig.MEDIA_IMAGE_SIZE).strip(),
                Duration.ofMillis(config.getLong(ChorusConfig.LLM_TIMEOUT_MS)), config.getLong(ChorusConfig.MEDIA_MAX_BYTES));
    }

    @Override
    public Media generate(String prompt) throws ModelCallException {
        Response<Image> response;
        try {
            response = imageModel.generate(prompt);
        } catch (RuntimeException e) {
            throw classify(e);
        }
        Image image = response.content();
        if (image == null) {
            throw new ModelCallException(Kind.UNPARSEABLE_ANSWER, "image answer from " + endpoint + " has no image");
        }
        byte[] bytes;
        if (image.base64Data() != null && !image.base64Data().isBlank()) {
            try {
                bytes = Base64.getDecoder().decode(image.base64Data().strip());
            } catch (IllegalArgumentException e) {
                throw new ModelCallException(Kind.UNPARSEABLE_ANSWER, -1, "image answer from " + endpoint + " has invalid b64_json", null, e);
            }
        } else if (image.url() != null) {
            bytes = fetch(image.url());
        } else {
            throw new ModelCallException(Kind.UNPARSEABLE_ANSWER, "image answer from " + endpoint + " has neither b64_json nor url");
        }
        return new Media(bytes, model, image.revisedPrompt());
    }

    private byte[] fetch(URI url) throws ModelCallException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new ModelCallException(Kind.UNPARSEABLE_ANSWER, "image URL from " + endpoint + " is not http(s): " + scheme);
        }
        try {
            HttpResponse<InputStream> r = download.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    throw new ModelCallException(ModelCallException.kindOfStatus(r.statusCode()), r.statusCode(),
                            "downloading the image from " + url.getHost() + " answered HTTP " + r.statusCode(), null, null);
                }
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new ModelCallException(Kind.INVALID_REQUEST, "the image at " + url.getHost() + " is over media.max.bytes=" + maxBytes);
                }
                return bytes;
            }
        } catch (HttpTimeoutException e) {
            throw new ModelCallException(Kind.TIMEOUT, -1, "no image from " + url.getHost() + " within " + timeout.toMillis() + " ms", null, e);
        } catch (IOException e) {
            throw new ModelCallException(Kind.CONNECTION, -1, "cannot download the image from " + url.getHost() + ": " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException(Kind.TIMEOUT, -1, "image download interrupted", null, e);
        }
    }

    /** The HTTP status decides when there is one (as for chat); otherwise timeouts, then connection trouble. */
    private ModelCallException classify(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http) {
                Long retryAfter = http instanceof HeaderAwareHttpClient.RefusedException refused
                        ? ProviderLimits.retryAfterMs(refused.headers()) : null;
                String body = http.getMessage() == null ? "" : http.getMessage();
                return new ModelCallException(ModelCallException.kindOfStatus(http.statusCode()), http.statusCode(),
                        "HTTP " + http.statusCode() + " from " + endpoint + "/images/generations (model " + model + "): "
                                + (body.length() > 300 ? body.substring(0, 300) + "..." : body), retryAfter, e);
            }
            if (t instanceof dev.langchain4j.exception.TimeoutException || t instanceof HttpTimeoutException
                    || t instanceof java.io.InterruptedIOException || t instanceof InterruptedException) {
                return new ModelCallException(Kind.TIMEOUT, -1, "no image from " + endpoint + " within " + timeout.toMillis() + " ms", null, e);
            }
            if (t instanceof com.fasterxml.jackson.core.JacksonException) {
                return new ModelCallException(Kind.UNPARSEABLE_ANSWER, -1, "answer from " + endpoint + " is not image-generation JSON", null, e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return new ModelCallException(Kind.CONNECTION, -1, "cannot reach " + endpoint + ": " + t.getMessage(), null, e);
            }
        }
        return new ModelCallException(Kind.OTHER, -1, "image call to " + endpoint + " failed: " + e, null, e);
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    static String stripSlash(String url) {
        String u = url == null ? "" : url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    @Override
    public String toString() {
        return "OpenAiImageClient[endpoint=" + endpoint + ", model=" + model + "]";
    }
}
