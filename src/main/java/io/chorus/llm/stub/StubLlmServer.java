package io.chorus.llm.stub;

import io.chorus.llm.BatchPrompt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A stub of the OpenAI chat-completions API on the JDK's HTTP server, so that the real client code (LangChain4j,
 * JSON, HTTP, timeouts) runs in tests, demos and benchmarks without a key or a network.
 *
 * <p>It answers {@code POST /v1/chat/completions} with a {@code chat.completion} body whose content comes from a
 * {@linkplain Builder#responder responder} (default: {@link #defaultResponder}), {@code GET /v1/models} with a
 * one-model list, {@code POST /v1/images/generations} with a real PNG and {@code POST /v1/audio/speech} with a real
 * WAV, both deterministic for their input ({@link StubMedia}). It binds to 127.0.0.1 only.
 *
 * <p>Behaviour under test is chosen per request, in this order:
 * <ol>
 *   <li>a scripted fault queued with {@link #failNext(int, Fault)} (deterministic: "the next 2 requests get 429");</li>
 *   <li>a fault set with {@link #failAll(Fault)} (every request, until cleared);</li>
 *   <li>a random fault drawn with the builder's rates from a {@link Random} seeded with {@link Builder#seed}: one draw
 *       per request, in arrival order, so a sequence of sequential requests always meets the same faults. With
 *       concurrent clients the arrival order, and so which request meets which fault, is up to the scheduler.</li>
 * </ol>
 * Every request first waits for the configured latency. A {@link Fault#HANG} holds the request without answering
 * (10 minutes by default, past any sensible client timeout) until {@link #close()}, which ends it at once.
 *
 * <p>Answers report the request's model (else {@value #DEFAULT_MODEL}) and a usage estimated like
 * {@code ChatRequest.estimatedPromptTokens()}: {@code prompt_tokens = max(1, chars of all messages / 4) + 85 per image},
 * {@code completion_tokens = max(1, chars of the answer / 4)}.
 *
 * <p>Every request is recorded (see {@link #requests()}), unless recording is switched off for long benchmarks.
 * Requests are served concurrently on a cached thread pool. Thread-safe.
 */
public final class StubLlmServer implements AutoCloseable {

    /** The model name in answers when a request names none, and the one model {@code GET /v1/models} lists. */
    public static final String DEFAULT_MODEL = "stub-model";

    /** A way for a request to fail, as a real OpenAI-compatible endpoint would. */
    public enum Fault {
        RATE_LIMITED(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests (stub). Please try again later."),
        SERVER_ERROR(500, "server_error", null, "The server had an error while processing your request (stub)."),
        BAD_GATEWAY(502, "server_error", null, "Bad gateway (stub)."),
        SERVICE_UNAVAILABLE(503, "server_error", null, "The engine is currently overloaded, please try again later (stub)."),
        BAD_REQUEST(400, "invalid_request_error", null, "Invalid request (stub)."),
        UNAUTHORIZED(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided (stub)."),
        FORBIDDEN(403, "invalid_request_error", "unsupported_country_region_territory",
                "You are not allowed to use this model (stub)."),
        NOT_FOUND(404, "invalid_request_error", "model_not_found", "The model does not exist or you do not have access to it (stub)."),
        /** HTTP 200 with a truncated, unparseable JSON body. */
        MALFORMED_JSON(200, null, null, null),
        /** No answer at all until the hang time passes or the server closes. */
        HANG(0, null, null, null);

        private final int status;
        private final String type;
        private final String code;
        private final String message;

        Fault(int status, String type, String code, String message) {
            this.status = status;
            this.type = type;
            this.code = code;
            this.message = message;
        }

        /** The HTTP status answered (200 for {@link #MALFORMED_JSON}, 0 for {@link #HANG}, which answers nothing). */
        public int status() {
            return status;
        }

        /** The error fault answering with {@code status}, e.g. 429 gives {@link #RATE_LIMITED}. */
        public static Fault ofStatus(int status) {
            for (Fault f : values()) {
                if (f.status == status && f.type != null) {
                    return f;
                }
            }
            throw new IllegalArgumentException("no stub fault answers HTTP " + status);
        }
    }

    static {
        // The JDK server writes headers and body in separate packets; with Nagle's algorithm on, the body waits for
        // the delayed ACK of the headers, adding ~40 ms to every answer and ruining latency benchmarks. The JDK reads
        // this switch once, when its first HttpServer starts, so it is set here (unless the user chose) rather than
        // passed per server, which the JDK offers no way to do.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final String COMPLETIONS_PATH = "/v1/chat/completions";
    private static final String MODELS_PATH = "/v1/models";
    private static final String STATS_PATH = "/v1/stats";
    private static final String IMAGES_PATH = "/v1/images/generations";
    private static final String SPEECH_PATH = "/v1/audio/speech";
    private static final String STUB_FILES_PATH = "/v1/stub-files/";

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Function<StubRequest, String> responder;
    private final Supplier<Duration> latency;
    private final Duration retryAfter;
    private final Duration hangFor;
    private final boolean recordRequests;
    private final double rateLimitRate;
    private final double serverErrorRate;
    private final double malformedRate;
    private final double hangRate;
    private final Random random;

    private final List<StubRequest> requests = new ArrayList<>();
    private final java.util.concurrent.ConcurrentMap<String, byte[]> stubFiles = new java.util.concurrent.ConcurrentHashMap<>();
    private final Deque<Fault> script = new ArrayDeque<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong completionIds = new AtomicLong();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Fault failAll;
    private final java.util.concurrent.atomic.LongAdder answered = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder itemsServed = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder promptTokensServed = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder completionTokensServed = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.atomic.LongAdder> faults = new java.util.concurrent.ConcurrentHashMap<>();
    /** Requests allowed per window (0: no limit); changeable while running, to show a limit that drops. */
    private volatile int requestLimit;
    private final Duration limitWindow;
    private long windowStartNanos = System.nanoTime();
    private int windowUsed;

    private StubLlmServer(Builder b) throws IOException {
        this.responder = b.responder;
        this.latency = b.latency;
        this.retryAfter = b.retryAfter;
        this.hangFor = b.hangFor;
        this.recordRequests = b.recordRequests;
        this.rateLimitRate = b.rateLimitRate;
        this.serverErrorRate = b.serverErrorRate;
        this.malformedRate = b.malformedRate;
        this.hangRate = b.hangRate;
        this.random = new Random(b.seed);
        this.requestLimit = b.requestLimit;
        this.limitWindow = b.limitWindow;
        this.executor = Executors.newCachedThreadPool(daemonThreads());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 128);
        server.setExecutor(executor);
        server.createContext(COMPLETIONS_PATH, this::handleCompletion);
        server.createContext(MODELS_PATH, this::handleModels);
        server.createContext(STATS_PATH, exchange -> answerAndClose(exchange, 200, statsJson()));
        server.createContext(IMAGES_PATH, exchange -> handleMedia(exchange, true));
        server.createContext(SPEECH_PATH, exchange -> handleMedia(exchange, false));
        server.createContext(STUB_FILES_PATH, this::handleStubFile);
        server.createContext("/", exchange -> answerAndClose(exchange, 404,
                errorBody("Unknown path " + exchange.getRequestURI().getPath() + " (stub serves " + COMPLETIONS_PATH + ", "
                                + IMAGES_PATH + " and " + SPEECH_PATH + ")",
                        "invalid_request_error", "unknown_url")));
        server.start();
    }

    /** A builder with defaults: free port, no latency, no faults, seed 42, recording on. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a stub with the defaults on a free port. */
    public static StubLlmServer start() throws IOException {
        return builder().start();
    }

    /** The OpenAI-style base URL, including {@code /v1}: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Chat-completion requests received so far (counted on arrival, before latency or faults). */
    /** What the stub served so far (also at {@code GET /v1/stats}). */
    public StubStats stats() {
        Map<String, Long> byFault = new java.util.TreeMap<>();
        faults.forEach((k, v) -> byFault.put(k, v.sum()));
        return new StubStats(requestCount.get(), answered.sum(), itemsServed.sum(), promptTokensServed.sum(), completionTokensServed.sum(),
                byFault);
    }

    private String statsJson() {
        try {
            return mapper.writeValueAsString(stats());
        } catch (IOException e) {
            return errorBody("cannot render stats: " + e.getMessage(), "server_error", null);
        }
    }

    /**
     * Sets the requests allowed per limit window from now on (0: no limit). Requests over it get 429 with
     * Retry-After until the window ends; every answer carries OpenAI's {@code x-ratelimit-*-requests} headers.
     */
    public void setRequestLimit(int requestsPerWindow) {
        if (requestsPerWindow < 0) {
            throw new IllegalArgumentException("request limit must be >= 0, was " + requestsPerWindow);
        }
        requestLimit = requestsPerWindow;
    }

    /** The headers of the request window, and whether this request is over the limit. */
    private boolean overLimit(HttpExchange exchange) {
        int limit = requestLimit;
        long resetNanos;
        int remaining;
        boolean over;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - windowStartNanos >= limitWindow.toNanos()) {
                windowStartNanos = now;
                windowUsed = 0;
            }
            over = limit > 0 && windowUsed >= limit;
            if (!over) {
                windowUsed++; // counted even without a limit, so that a limit set while running applies at once
            }
            if (limit <= 0) {
                return false;
            }
            remaining = Math.max(0, limit - windowUsed);
            resetNanos = Math.max(0, limitWindow.toNanos() - (now - windowStartNanos));
        }
        long resetMs = TimeUnit.NANOSECONDS.toMillis(resetNanos);
        var h = exchange.getResponseHeaders();
        h.set("x-ratelimit-limit-requests", Integer.toString(limit));
        h.set("x-ratelimit-remaining-requests", Integer.toString(remaining));
        h.set("x-ratelimit-reset-requests", resetMs + "ms");
        if (over) {
            h.set("Retry-After", Long.toString((resetMs + 999) / 1000));
            h.set("retry-after-ms", Long.toString(resetMs));
        }
        return over;
    }

    private void countFault(Fault fault) {
        faults.computeIfAbsent(fault.name(), k -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    public int requestCount() {
        return requestCount.get();
    }

    /** Chat-completion requests being served right now (waiting out latency, hanging, or answering). */
    public int inFlight() {
        return inFlight.get();
    }

    /** A snapshot of the recorded requests, in arrival order (empty when recording is off). */
    public List<StubRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The last recorded request; fails when there is none. */
    public StubRequest lastRequest() {
        synchronized (requests) {
            if (requests.isEmpty()) {
                throw new IllegalStateException("the stub has recorded no request");
            }
            return requests.get(requests.size() - 1);
        }
    }

    /** Makes the next {@code n} requests (after any already scripted) fail with {@code fault}. */
    public void failNext(int n, Fault fault) {
        Objects.requireNonNull(fault, "fault");
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        synchronized (script) {
            for (int i = 0; i < n; i++) {
                script.addLast(fault);
            }
        }
    }

    /** Makes every request fail with {@code fault} (after the scripted ones); null goes back to normal answers. */
    public void failAll(Fault fault) {
        this.failAll = fault;
    }

    /** Drops scripted faults and {@link #failAll}; the random rates stay. */
    public void clearFaults() {
        synchronized (script) {
            script.clear();
        }
        failAll = null;
    }

    /**
     * Stops at once: hanging and delayed requests end without an answer (their clients see the connection close),
     * the port is released and the threads end. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "StubLlmServer[" + baseUrl() + ", requests=" + requestCount() + "]";
    }

    /**
     * The default answers, deterministic so that runs can be compared:
     * <ul>
     *   <li>a request whose system or user text mentions "sentiment" gets a whole number from 0 to 100,
     *       {@code floorMod(user.hashCode(), 101)} (String.hashCode is specified, so the number is the same in
     *       every JVM and run, and the same post always gets the same score);</li>
     *   <li>a JSON-mode request gets {@code {"answer":"stub answer <hex>"}};</li>
     *   <li>anything else gets {@code stub answer <hex>}, where {@code <hex>} is the user text's hash in hex.</li>
     * </ul>
     */
    public static String defaultResponder(StubRequest request) {
        String user = request.user() == null ? "" : request.user();
        String system = request.system() == null ? "" : request.system();
        if ((system + "\n" + user).toLowerCase(Locale.ROOT).contains("sentiment")) {
            return Integer.toString(Math.floorMod(user.hashCode(), 101));
        }
        String digest = Integer.toHexString(user.hashCode());
        return request.jsonMode() ? "{\"answer\":\"stub answer " + digest + "\"}" : "stub answer " + digest;
    }

    private void handleCompletion(HttpExchange exchange) {
        inFlight.incrementAndGet();
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, errorBody("Use POST for " + COMPLETIONS_PATH, "invalid_request_error", null));
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requestCount.incrementAndGet();
            StubRequest request;
            try {
                request = StubRequest.parse(mapper, body, authorization);
            } catch (IOException e) {
                record(new StubRequest(null, List.of(), null, null, null, null, authorization, body));
                answer(exchange, 400, errorBody("Could not parse the JSON body: " + e.getMessage(), "invalid_request_error", null));
                return;
            }
            record(request);
            if (overLimit(exchange)) {
                countFault(Fault.RATE_LIMITED);
                answer(exchange, 429, errorBody(Fault.RATE_LIMITED));
                return;
            }
            Fault fault = nextFault();
            if (!pause(latency.get())) {
                return;
            }
            if (fault == null) {
                answer(exchange, 200, completionBody(request, respond(request)));
            } else {
                countFault(fault);
                answerWithFault(exchange, fault);
            }
        } catch (IOException e) {
            // The client went away (its timeout, or close()); nothing to answer.
        } catch (RuntimeException e) {
            tryAnswer(exchange, 500, errorBody("Stub responder failed: " + e, "server_error", null));
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    /**
     * {@code POST /v1/images/generations} ({@code {"model","prompt","size","response_format"}}: a PNG from
     * {@link StubMedia#png}, as {@code b64_json} unless {@code response_format} is {@code url}, then as a URL on this
     * server) and {@code POST /v1/audio/speech} ({@code {"model","input","voice"}}: a WAV from {@link StubMedia#wav},
     * whatever format was asked). Faults, latency and recording work as for chat completions; the request is recorded
     * with the prompt (or input) as its one user message.
     */
    private void handleMedia(HttpExchange exchange, boolean image) {
        inFlight.incrementAndGet();
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, errorBody("Use POST", "invalid_request_error", null));
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requestCount.incrementAndGet();
            com.fasterxml.jackson.databind.JsonNode json;
            try {
                json = mapper.readTree(body);
            } catch (IOException e) {
                answer(exchange, 400, errorBody("Could not parse the JSON body: " + e.getMessage(), "invalid_request_error", null));
                return;
            }
            String text = json.path(image ? "prompt" : "input").asText("");
            String model = json.path("model").asText(null);
            String format = json.path("response_format").asText(null);
            record(new StubRequest(model, List.of(new StubRequest.Message("user", text, List.of())), format, null, null, null,
                    authorization, body));
            if (text.isBlank()) {
                answer(exchange, 400, errorBody("'" + (image ? "prompt" : "input") + "' is required", "invalid_request_error", null));
                return;
            }
            if (overLimit(exchange)) {
                countFault(Fault.RATE_LIMITED);
                answer(exchange, 429, errorBody(Fault.RATE_LIMITED));
                return;
            }
            Fault fault = nextFault();
            if (!pause(latency.get())) {
                return;
            }
            if (fault != null) {
                countFault(fault);
                answerWithFault(exchange, fault);
                return;
            }
            answered.increment();
            if (!image) {
                byte[] wav = StubMedia.wav(text);
                exchange.getResponseHeaders().set("Content-Type", "audio/wav");
                exchange.sendResponseHeaders(200, wav.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(wav);
                }
                return;
            }
            byte[] png = StubMedia.png(text, json.path("size").asText(null));
            ObjectNode root = mapper.createObjectNode().put("created", System.currentTimeMillis() / 1000);
            ObjectNode data = root.putArray("data").addObject();
            if ("url".equals(format)) {
                String name = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(png)) + ".png";
                stubFiles.put(name, png);
                data.put("url", baseUrl() + STUB_FILES_PATH.substring("/v1".length()) + name);
            } else {
                data.put("b64_json", java.util.Base64.getEncoder().encodeToString(png));
            }
            data.put("revised_prompt", text);
            answer(exchange, 200, root.toString());
        } catch (IOException e) {
            // The client went away; nothing to answer.
        } catch (java.security.NoSuchAlgorithmException | RuntimeException e) {
            tryAnswer(exchange, 500, errorBody("Stub media failed: " + e, "server_error", null));
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    /** Images handed out as URLs ({@code response_format=url}), served once asked for. */
    private void handleStubFile(HttpExchange exchange) {
        try {
            String name = exchange.getRequestURI().getPath().substring(STUB_FILES_PATH.length());
            byte[] png = stubFiles.get(name);
            if (png == null) {
                answer(exchange, 404, errorBody("no stub file " + name, "invalid_request_error", null));
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(png);
            }
        } catch (IOException e) {
            // client gone
        } finally {
            exchange.close();
        }
    }

    private void answerWithFault(HttpExchange exchange, Fault fault) throws IOException {
        switch (fault) {
            case HANG -> pause(hangFor);
            case MALFORMED_JSON -> answer(exchange, 200,
                    "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":");
            case RATE_LIMITED -> {
                long ms = retryAfter.toMillis();
                exchange.getResponseHeaders().set("Retry-After", Long.toString((ms + 999) / 1000));
                exchange.getResponseHeaders().set("retry-after-ms", Long.toString(ms));
                answer(exchange, fault.status, errorBody(fault));
            }
            default -> answer(exchange, fault.status, errorBody(fault));
        }
    }

    private void handleModels(HttpExchange exchange) {
        ObjectNode root = mapper.createObjectNode().put("object", "list");
        root.putArray("data").addObject()
                .put("id", DEFAULT_MODEL).put("object", "model").put("created", 0).put("owned_by", "chorus-stub");
        answerAndClose(exchange, 200, root.toString());
    }

    private void record(StubRequest request) {
        if (recordRequests) {
            synchronized (requests) {
                requests.add(request);
            }
        }
    }

    private Fault nextFault() {
        synchronized (script) {
            Fault scripted = script.pollFirst();
            if (scripted != null) {
                return scripted;
            }
        }
        Fault all = failAll;
        if (all != null) {
            return all;
        }
        if (rateLimitRate + serverErrorRate + malformedRate + hangRate == 0) {
            return null;
        }
        double draw;
        synchronized (random) {
            draw = random.nextDouble();
        }
        if ((draw -= rateLimitRate) < 0) {
            return Fault.RATE_LIMITED;
        }
        if ((draw -= serverErrorRate) < 0) {
            return Fault.SERVER_ERROR;
        }
        if ((draw -= malformedRate) < 0) {
            return Fault.MALFORMED_JSON;
        }
        return draw - hangRate < 0 ? Fault.HANG : null;
    }

    /** Waits {@code d}; false when the server is closing (or the thread was interrupted), so the caller just ends. */
    private boolean pause(Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            return stopping.getCount() > 0;
        }
        try {
            return !stopping.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The responder's answer; for a batch ({@link BatchPrompt}), the responder's answer to each item as if it came
     * alone, put together in the batch answer form, so that every responder answers batches too.
     */
    private String respond(StubRequest request) {
        var items = BatchPrompt.items(request.user());
        if (items.isEmpty()) {
            itemsServed.increment();
            return responder.apply(request);
        }
        String system = BatchPrompt.singleSystem(request.system());
        String instruction = BatchPrompt.instruction(request.user());
        boolean json = BatchPrompt.jsonAnswers(request.user());
        java.util.Map<String, String> answers = new java.util.LinkedHashMap<>();
        for (BatchPrompt.Item item : items.get()) {
            List<StubRequest.Message> messages = new java.util.ArrayList<>();
            if (system != null) {
                messages.add(new StubRequest.Message("system", system, List.of()));
            }
            messages.add(new StubRequest.Message("user", BatchPrompt.singleUser(instruction, item.data()), List.of()));
            answers.put(item.id(), responder.apply(new StubRequest(request.model(), messages, json ? "json_object" : null, null,
                    request.temperature(), request.seed(), request.authorization(), request.rawBody())));
        }
        itemsServed.add(answers.size());
        return BatchPrompt.answer(answers);
    }

    private String completionBody(StubRequest request, String content) {
        String text = content == null ? "" : content;
        int promptChars = request.messages().stream().mapToInt(m -> m.text().length()).sum();
        int promptTokens = Math.max(1, promptChars / 4) + 85 * request.imageUrls().size();
        int completionTokens = Math.max(1, text.length() / 4);
        ObjectNode root = mapper.createObjectNode()
                .put("id", "chatcmpl-stub-" + completionIds.incrementAndGet())
                .put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000)
                .put("model", request.model() == null ? DEFAULT_MODEL : request.model())
                .put("system_fingerprint", "chorus-stub");
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text);
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        answered.increment();
        promptTokensServed.add(promptTokens);
        completionTokensServed.add(completionTokens);
        root.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return root.toString();
    }

    private String errorBody(Fault fault) {
        return errorBody(fault.message, fault.type, fault.code);
    }

    private String errorBody(String message, String type, String code) {
        ObjectNode error = mapper.createObjectNode();
        error.putObject("error").put("message", message).put("type", type).put("param", (String) null).put("code", code);
        return error.toString();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void tryAnswer(HttpExchange exchange, int status, String body) {
        try {
            answer(exchange, status, body);
        } catch (IOException | RuntimeException ignored) {
            // Headers may already be sent, or the client is gone.
        }
    }

    private static void answerAndClose(HttpExchange exchange, int status, String body) {
        try {
            tryAnswer(exchange, status, body);
        } finally {
            exchange.close();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "stub-llm-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Settings of a {@link StubLlmServer}; every rate is a fraction in [0, 1] and together they may not pass 1. */
    public static final class Builder {
        private int port;
        private Function<StubRequest, String> responder = StubLlmServer::defaultResponder;
        private Supplier<Duration> latency = () -> Duration.ZERO;
        private Duration retryAfter = Duration.ofSeconds(1);
        private Duration hangFor = Duration.ofMinutes(10);
        private boolean recordRequests = true;
        private int requestLimit;
        private Duration limitWindow = Duration.ofMinutes(1);
        private long seed = 42;
        private double rateLimitRate;
        private double serverErrorRate;
        private double malformedRate;
        private double hangRate;

        private Builder() {
        }

        /** Port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Computes the answer content from the request; called concurrently, so it must be thread-safe. */
        public Builder responder(Function<StubRequest, String> responder) {
            this.responder = Objects.requireNonNull(responder, "responder");
            return this;
        }

        /** The same latency before every answer (and before every fault). */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            return latency(() -> latency);
        }

        /** A latency drawn per request, e.g. from a distribution; called concurrently, so it must be thread-safe. */
        public Builder latency(Supplier<Duration> latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /** The Retry-After sent with 429 answers (whole seconds in {@code Retry-After}, exact in {@code retry-after-ms}). */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
            return this;
        }

        /** How long a {@link Fault#HANG} holds a request (default 10 minutes); {@link #close()} ends it sooner. */
        public Builder hangFor(Duration hangFor) {
            this.hangFor = Objects.requireNonNull(hangFor, "hangFor");
            return this;
        }

        /** Keep every request for {@link #requests()} (default); switch off for long benchmarks to bound memory. */
        public Builder recordRequests(boolean recordRequests) {
            this.recordRequests = recordRequests;
            return this;
        }

        /** Seed of the random faults (default 42): the same seed gives the same faults for the same request order. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Fraction of requests answered 429 with Retry-After. */
        public Builder rateLimitRate(double rate) {
            this.rateLimitRate = checkRate("rateLimitRate", rate);
            return this;
        }

        /** Fraction of requests answered 500. */
        public Builder serverErrorRate(double rate) {
            this.serverErrorRate = checkRate("serverErrorRate", rate);
            return this;
        }

        /** Fraction of requests answered 200 with a malformed JSON body. */
        public Builder malformedRate(double rate) {
            this.malformedRate = checkRate("malformedRate", rate);
            return this;
        }

        /** Fraction of requests that hang (see {@link #hangFor}). */
        public Builder hangRate(double rate) {
            this.hangRate = checkRate("hangRate", rate);
            return this;
        }

        /** Fraction of requests failing with 429, 500 or a malformed body, one third each. */
        public Builder errorRate(double rate) {
            checkRate("errorRate", rate);
            this.rateLimitRate = rate / 3;
            this.serverErrorRate = rate / 3;
            this.malformedRate = rate / 3;
            return this;
        }

        /** At most {@code requests} per {@code window} (0: no limit; change it later with {@link StubLlmServer#setRequestLimit}). */
        public Builder requestLimit(int requests, Duration window) {
            if (requests < 0 || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("request limit must be >= 0 per a positive window");
            }
            this.requestLimit = requests;
            this.limitWindow = window;
            return this;
        }

        public StubLlmServer start() throws IOException {
            double total = rateLimitRate + serverErrorRate + malformedRate + hangRate;
            if (total > 1.0 + 1e-9) {
                throw new IllegalArgumentException("fault rates add up to " + total + "; together they must be at most 1");
            }
            return new StubLlmServer(this);
        }

        private static double checkRate(String name, double rate) {
            if (!(rate >= 0.0 && rate <= 1.0)) {
                throw new IllegalArgumentException(name + " must be a fraction from 0 to 1, was " + rate);
            }
            return rate;
        }
    }
}
