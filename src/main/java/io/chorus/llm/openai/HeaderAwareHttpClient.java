package io.chorus.llm.openai;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * LangChain4j's HTTP client SPI on the JDK's {@link java.net.http.HttpClient}, so that Chorus
 * sees the headers of every answer: rate-limit headers of successful answers go to {@link ProviderLimits}, and a
 * refused answer throws a {@link RefusedException} that carries them (LangChain4j's own exception keeps only
 * status and body). The SPI is synchronous: {@link #execute(HttpRequest)} waits for the answer on the calling
 * (executor) thread. Streaming is not used by Chorus and is refused.
 */
final class HeaderAwareHttpClient implements HttpClient {

    /** A non-2xx answer, with its headers. */
    static final class RefusedException extends HttpException {
        private final transient Map<String, List<String>> headers;

        RefusedException(int status, String body, Map<String, List<String>> headers) {
            super(status, body);
            this.headers = headers;
        }

        Map<String, List<String>> headers() {
            return headers;
        }
    }

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final java.util.Set<String> RESTRICTED = java.util.Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final java.net.http.HttpClient http;
    private final Duration readTimeout;
    private final ProviderLimits limits;

    private HeaderAwareHttpClient(Duration connectTimeout, Duration readTimeout, ProviderLimits limits) {
        var b = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (connectTimeout != null) {
            b.connectTimeout(connectTimeout);
        }
        this.http = b.build();
        this.readTimeout = readTimeout;
        this.limits = limits;
    }

    /** A builder for {@code OpenAiChatModel.builder().httpClientBuilder(...)}. */
    static HttpClientBuilder builder(ProviderLimits limits) {
        return new HttpClientBuilder() {
            private Duration connect;
            private Duration read;

            @Override
            public Duration connectTimeout() {
                return connect;
            }

            @Override
            public HttpClientBuilder connectTimeout(Duration d) {
                connect = d;
                return this;
            }

            @Override
            public Duration readTimeout() {
                return read;
            }

            @Override
            public HttpClientBuilder readTimeout(Duration d) {
                read = d;
                return this;
            }

            @Override
            public HttpClient build() {
                return new HeaderAwareHttpClient(connect, read, limits);
            }
        };
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        var b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        if (readTimeout != null) {
            b.timeout(readTimeout);
        }
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        String body = request.body();
        b.method(request.method().name(), body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response;
        try {
            // send(), not sendAsync().get(): sendAsync hands every response to the common pool, which on a machine
            // with fewer than three cores starts a new thread per task, so a thread per model call
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while waiting for " + request.url()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> headers = response.headers().map();
        limits.observe(headers, System.currentTimeMillis());
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            throw new RefusedException(response.statusCode(), response.body(), headers);
        }
        return SuccessfulHttpResponse.builder().statusCode(response.statusCode()).headers(headers).body(response.body()).build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        listener.onError(new UnsupportedOperationException("Chorus does not stream model answers"));
    }
}
