package io.chorus.async;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chorus.llm.ChatModelClient;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ChatResult;
import io.chorus.llm.ModelCallException;
import io.chorus.serde.ErrorReason;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything between Chorus and one model endpoint, shared by every task of an instance: a bounded executor for
 * the blocking client calls, a per-attempt timeout that interrupts a hung call, retries with exponential backoff
 * and full jitter (honouring Retry-After), request and token rate limits, the in-memory response cache, and the
 * metrics. Stream threads only submit and collect; they never wait here except on a bounded future.
 */
public final class ModelGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelGateway.class);

    /** A parsed output with the answer it came from. */
    public record Completed<O>(O output, ModelAnswer answer) {
    }

    /** Parses an answer on the executor; throwing {@code UNPARSEABLE_ANSWER} makes the call retry. */
    @FunctionalInterface
    public interface AnswerParser<O> {
        O parse(ModelAnswer answer) throws ModelCallException;
    }

    private final ChatModelClient client;
    private final GatewaySettings settings;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final RateLimiter requestLimiter;
    private final RateLimiter tokenLimiter;
    private final int tokensPerPeriod;
    private final Cache<String, ModelAnswer> cache;
    private final ModelMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.ConcurrentMap<String, Retry> retries = new java.util.concurrent.ConcurrentHashMap<>();

    public ModelGateway(ChatModelClient client, GatewaySettings settings, MeterRegistry registry) {
        this.client = client;
        this.settings = settings;
        this.executor = Executors.newFixedThreadPool(settings.executorThreads(), daemon("chorus-model-" + client.model()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("chorus-model-timer"));
        this.requestLimiter = RateLimiter.of("requests:" + client.endpoint(), perSecond(settings.requestsPerMinute()));
        this.tokenLimiter = RateLimiter.of("tokens:" + client.endpoint(), perSecond(settings.tokensPerMinute()));
        this.tokensPerPeriod = tokenLimiter.getRateLimiterConfig().getLimitForPeriod();
        this.cache = Caffeine.newBuilder().maximumSize(settings.cacheMaxEntries()).build();
        this.metrics = new ModelMetrics(registry, client.model(), inFlight);
    }

    /**
     * Limits per second (a per-minute budget spread over the minute, so bursts stay small); a budget under 60
     * per minute is spent one permit at a time over the minute.
     */
    private static RateLimiterConfig perSecond(int perMinute) {
        boolean fine = perMinute >= 60;
        return RateLimiterConfig.custom()
                .limitForPeriod(fine ? perMinute / 60 : perMinute)
                .limitRefreshPeriod(fine ? Duration.ofSeconds(1) : Duration.ofMinutes(1))
                .timeoutDuration(Duration.ofMinutes(10))
                .build();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public String model() {
        return client.model();
    }

    public ModelMetrics metrics() {
        return metrics;
    }

    /** hash(model, rendered prompt, parameters): equal keys mean an equal question, so the answer can be reused. */
    public String cacheKey(ChatRequest request) {
        return RequestIds.sha256(client.model() + '\u0000' + settings.parameters() + '\u0000' + request.jsonOutput()
                + '\u0000' + request.maxTokens() + '\u0000' + request.system() + '\u0000' + request.user()
                + '\u0000' + String.join("\u0001", request.imageUrls()));
    }

    /** An answer from the in-memory cache, or null. */
    public ModelAnswer cached(String cacheKey) {
        return cache.getIfPresent(cacheKey);
    }

    /** Remembers an answer (from a call, or from the persistent cache layer). */
    public void remember(String cacheKey, ModelAnswer answer) {
        cache.put(cacheKey, answer);
    }

    /**
     * Calls the model off the calling thread, with timeout, retries and rate limits, and parses the answer. The
     * future fails only with {@link CallFailedException}. Successful answers are remembered in the cache.
     */
    public <O> CompletableFuture<Completed<O>> submit(String use, ChatRequest request, AnswerParser<O> parser) {
        String cacheKey = cacheKey(request);
        AtomicInteger attempts = new AtomicInteger();
        long submitted = System.nanoTime();
        Retry retry = retries.computeIfAbsent(use, this::newRetry);
        inFlight.incrementAndGet();
        CompletionStage<Completed<O>> stage = retry.executeCompletionStage(scheduler,
                () -> attempt(use, request, parser, attempts, submitted));
        CompletableFuture<Completed<O>> result = new CompletableFuture<>();
        stage.whenComplete((done, error) -> {
            inFlight.decrementAndGet();
            if (error == null) {
                remember(cacheKey, done.answer());
                result.complete(done);
                return;
            }
            Throwable cause = unwrap(error);
            boolean retriable = cause instanceof ModelCallException m && m.retriable();
            ErrorReason reason = retriable ? ErrorReason.MODEL_RETRIES_EXHAUSTED : ErrorReason.MODEL_NON_RETRIABLE;
            String kind = cause instanceof ModelCallException m ? m.kind().name() : cause.getClass().getSimpleName();
            metrics.failure(use, kind);
            result.completeExceptionally(new CallFailedException(reason, attempts.get(),
                    (retriable ? "gave up after " + attempts.get() + " attempts: " : "not retriable: ") + kind + ": " + cause.getMessage(), cause));
        });
        return result;
    }

    /** One retry policy per use, built once: the attempt count of a call is kept by the call itself. */
    private Retry newRetry(String use) {
        Retry retry = Retry.of(use, RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(e -> unwrap(e) instanceof ModelCallException m && m.retriable())
                .intervalBiFunction(backoff())
                .failAfterMaxAttempts(false)
                .build());
        retry.getEventPublisher().onRetry(e -> {
            metrics.retry(use);
            LOG.debug("retrying {} call (attempt {}): {}", use, e.getNumberOfRetryAttempts() + 1, e.getLastThrowable().toString());
        });
        return retry;
    }

    private <O> CompletableFuture<Completed<O>> attempt(String use, ChatRequest request, AnswerParser<O> parser,
                                                         AtomicInteger attempts, long submitted) {
        CompletableFuture<Completed<O>> future = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                int n = attempts.incrementAndGet();
                if (n == 1) {
                    metrics.queueWait(use, System.nanoTime() - submitted);
                }
                acquirePermits(request);
                Thread worker = Thread.currentThread();
                var watchdog = scheduler.schedule(() -> {
                    if (future.completeExceptionally(new ModelCallException(ModelCallException.Kind.TIMEOUT, -1,
                            "no answer within " + settings.timeout().toMillis() + " ms", null, null))) {
                        worker.interrupt();
                    }
                }, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
                long start = System.nanoTime();
                try {
                    ChatResult result = client.chat(request);
                    long latency = System.nanoTime() - start;
                    double cost = settings.cost(result.tokensIn(), result.tokensOut());
                    ModelAnswer answer = new ModelAnswer(result.text(), result.model(), result.tokensIn(), result.tokensOut(),
                            cost, false, TimeUnit.NANOSECONDS.toMillis(latency), n);
                    metrics.call(use, latency, result.tokensIn(), result.tokensOut(), cost);
                    future.complete(new Completed<>(parser.parse(answer), answer));
                } finally {
                    watchdog.cancel(false);
                }
            } catch (Throwable t) {
                future.completeExceptionally(t);
            } finally {
                Thread.interrupted(); // never hand an interrupted thread back to the pool
            }
        });
        return future;
    }

    private void acquirePermits(ChatRequest request) throws ModelCallException {
        int tokens = Math.min(tokensPerPeriod, request.estimatedPromptTokens() + (request.maxTokens() == null ? 64 : request.maxTokens()));
        if (!requestLimiter.acquirePermission() || !tokenLimiter.acquirePermission(tokens)) {
            throw new ModelCallException(ModelCallException.Kind.RATE_LIMITED, "local rate limit: no permit within the wait limit");
        }
    }

    private IntervalBiFunction<Object> backoff() {
        long initial = settings.backoffInitial().toMillis();
        long max = settings.backoffMax().toMillis();
        return (attempt, either) -> {
            if (either.isLeft() && unwrap(either.getLeft()) instanceof ModelCallException m && m.retryAfterMs() != null) {
                return Math.min(Math.max(0, m.retryAfterMs()), Math.max(max, 1));
            }
            long bound = Math.min(max, initial << Math.min(20, Math.max(0, attempt - 1)));
            return bound <= 0 ? 0L : ThreadLocalRandom.current().nextLong(bound + 1);
        };
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Calls currently in flight through this gateway (all tasks). */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        scheduler.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    /** Counters and timers of one endpoint, tagged by model and use. */
    public static final class ModelMetrics {
        private final MeterRegistry registry;
        private final String model;

        ModelMetrics(MeterRegistry registry, String model, AtomicInteger inFlight) {
            this.registry = registry;
            this.model = model;
            registry.gauge("chorus.model.inflight", io.micrometer.core.instrument.Tags.of("model", model), inFlight);
        }

        void call(String use, long latencyNanos, long tokensIn, long tokensOut, double cost) {
            Timer.builder("chorus.model.call.latency").tags("model", model, "use", use).publishPercentileHistogram()
                    .register(registry).record(latencyNanos, TimeUnit.NANOSECONDS);
            counter("chorus.model.calls", use).increment();
            Counter.builder("chorus.model.tokens").tags("model", model, "use", use, "direction", "in").register(registry).increment(tokensIn);
            Counter.builder("chorus.model.tokens").tags("model", model, "use", use, "direction", "out").register(registry).increment(tokensOut);
            Counter.builder("chorus.model.cost.usd").tags("model", model, "use", use).register(registry).increment(cost);
        }

        void queueWait(String use, long nanos) {
            Timer.builder("chorus.model.queue.wait").tags("model", model, "use", use).register(registry).record(nanos, TimeUnit.NANOSECONDS);
        }

        void retry(String use) {
            counter("chorus.model.retries", use).increment();
        }

        void failure(String use, String cause) {
            Counter.builder("chorus.model.failures").tags("model", model, "use", use, "cause", cause).register(registry).increment();
        }

        public void cacheHit(String use, String layer) {
            Counter.builder("chorus.model.cache.hits").tags("model", model, "use", use, "layer", layer).register(registry).increment();
        }

        private Counter counter(String name, String use) {
            return Counter.builder(name).tags("model", model, "use", use).register(registry);
        }

        public double count(String name, String use) {
            var c = registry.find(name).tags("model", model, "use", use).counters();
            return c.stream().mapToDouble(Counter::count).sum();
        }
    }
}
