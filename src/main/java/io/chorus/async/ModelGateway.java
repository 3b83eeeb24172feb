package io.chorus.async;

import io.chorus.llm.ChatModelClient;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ChatResult;
import io.chorus.llm.ModelCallException;
import io.chorus.serde.ErrorReason;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything between Chorus and one model endpoint, shared by every task of an instance, composed of parts that
 * each hold one concern: {@link CallExecutor} (bounded pool, per-attempt timeout), {@link RetryPolicy} (backoff
 * with jitter, Retry-After), {@link RateLimits} (request and token budgets), {@link AdaptiveConcurrency} (calls
 * at once, halved on 429s), {@link ResponseCache} (in memory) and {@link ModelMetrics}; the endpoint's own
 * rate-limit headers pause calls before they are sent. Stream threads only submit and collect; nothing here blocks them.
 */
public final class ModelGateway implements AutoCloseable {

    /** Longest wait of a call for a rate-limit permit (on the executor). */
    private static final Duration PERMIT_WAIT = Duration.ofMinutes(10);

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
    private final CallExecutor executor;
    private final RetryPolicy retry;
    private final RateLimits limits;
    private final ResponseCache cache;
    private final ModelMetrics metrics;
    private final AdaptiveConcurrency concurrency;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final PromptBatcher batcher;

    public ModelGateway(ChatModelClient client, GatewaySettings settings, MeterRegistry registry) {
        this.client = client;
        this.settings = settings;
        this.executor = new CallExecutor(client.model(), settings.executorThreads(), settings.timeout());
        this.metrics = new ModelMetrics(registry, client.model(), inFlight::get);
        this.retry = new RetryPolicy(settings.rateLimitedMax().isZero() ? settings.maxAttempts() : RetryPolicy.UNBOUNDED_ATTEMPTS,
                settings.backoffInitial(), settings.backoffMax(), executor.scheduler(), metrics::retry);
        this.limits = new RateLimits(client.endpoint(), settings.requestsPerMinute(), settings.tokensPerMinute(), PERMIT_WAIT);
        this.cache = new ResponseCache(client.model(), settings.parameters(), settings.cacheMaxEntries());
        this.concurrency = new AdaptiveConcurrency(settings.executorThreads());
        this.batcher = new PromptBatcher(settings.batching(), new PromptBatcher.Sender() {
            @Override
            public <O> CompletableFuture<Completed<O>> send(String use, ChatRequest request, String cacheKey, AnswerParser<O> parser) {
                return submitOne(use, request, cacheKey, parser);
            }

            @Override
            public void remember(String cacheKey, ModelAnswer answer) {
                ModelGateway.this.remember(cacheKey, answer);
            }
        }, executor.scheduler(), client.model());
    }

    public String model() {
        return client.model();
    }

    public ModelMetrics metrics() {
        return metrics;
    }

    /** hash(model, rendered prompt, parameters): equal keys mean an equal question, so the answer can be reused. */
    public String cacheKey(ChatRequest request) {
        return cache.key(request);
    }

    /** An answer from the in-memory cache, or null. */
    public ModelAnswer cached(String cacheKey) {
        return cache.get(cacheKey);
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
        return submit(use, request, cacheKey(request), parser);
    }

    /**
     * {@link #submit(String, ChatRequest, AnswerParser)} for a caller that already holds the request's
     * {@link #cacheKey}, so that the prompt is not hashed twice per call.
     */
    public <O> CompletableFuture<Completed<O>> submit(String use, ChatRequest request, String cacheKey, AnswerParser<O> parser) {
        var split = batcher.batchable(use, request);
        if (split.isEmpty()) {
            return submitOne(use, request, cacheKey, parser);
        }
        // Counted in flight from now until this item's own answer (or failure) is handed over.
        inFlight.incrementAndGet();
        CompletableFuture<Completed<O>> result = new CompletableFuture<>();
        batcher.add(use, request, cacheKey, parser, split.get()).whenComplete((done, error) -> {
            try {
                if (error != null) {
                    result.completeExceptionally(unwrap(error));
                } else {
                    result.complete(done);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        });
        return result;
    }

    /** One call (single item, or a whole batch) with its retries, rate limits and timeout. */
    private <O> CompletableFuture<Completed<O>> submitOne(String use, ChatRequest request, String cacheKey, AnswerParser<O> parser) {
        AtomicInteger attempts = new AtomicInteger();
        long submitted = System.nanoTime();
        inFlight.incrementAndGet();
        CompletableFuture<Completed<O>> result = new CompletableFuture<>();
        CallBudget budget = new CallBudget(settings);
        retry.run(use, () -> budget.check(attempt(use, request, parser, attempts, submitted))).whenComplete((done, error) -> {
            try {
                finish(use, cacheKey, attempts, result, done, error);
            } finally {
                inFlight.decrementAndGet(); // after the result's callbacks ran: inFlight() == 0 means all of them did
            }
        });
        return result;
    }

    private <O> void finish(String use, String cacheKey, AtomicInteger attempts, CompletableFuture<Completed<O>> result,
                            Completed<O> done, Throwable error) {
        if (error == null) {
            if (cacheKey != null) {
                remember(cacheKey, done.answer());
            }
            result.complete(done);
            return;
        }
        Throwable cause = unwrap(error);
        boolean retriable = RetryPolicy.retriable(cause) || cause instanceof CallBudget.Spent;
        if (cause instanceof CallBudget.Spent spent) {
            cause = spent.getCause();
        }
        ErrorReason reason = retriable ? ErrorReason.MODEL_RETRIES_EXHAUSTED : ErrorReason.MODEL_NON_RETRIABLE;
        String kind = cause instanceof ModelCallException m ? m.kind().name() : cause.getClass().getSimpleName();
        metrics.failure(use, kind);
        result.completeExceptionally(new CallFailedException(reason, attempts.get(),
                (retriable ? "gave up after " + attempts.get() + " attempts: " : "not retriable: ") + kind + ": " + cause.getMessage(), cause));
    }

    private <O> CompletableFuture<Completed<O>> attempt(String use, ChatRequest request, AnswerParser<O> parser,
                                                         AtomicInteger attempts, long submitted) {
        return executor.submit(() -> {
            if (attempts.incrementAndGet() == 1) {
                metrics.queueWait(use, System.nanoTime() - submitted);
            }
            limits.acquire(request);
            waitForProvider();
            concurrency.acquire();
        }, () -> {
            long start = System.nanoTime();
            ChatResult result;
            boolean overloaded = false;
            try {
                result = client.chat(request);
            } catch (ModelCallException e) {
                overloaded = e.kind() == ModelCallException.Kind.RATE_LIMITED || e.kind() == ModelCallException.Kind.TIMEOUT;
                throw e;
            } finally {
                concurrency.release(overloaded);
            }
            long latency = System.nanoTime() - start;
            double cost = settings.cost(result.tokensIn(), result.tokensOut());
            ModelAnswer answer = ModelAnswer.fresh(result.text(), result.model(), result.tokensIn(), result.tokensOut(),
                    new ModelAnswer.Call(cost, TimeUnit.NANOSECONDS.toMillis(latency), attempts.get()));
            metrics.call(use, latency, result.tokensIn(), result.tokensOut(), cost);
            return new Completed<>(parser.parse(answer), answer);
        });
    }

    /**
     * Waits (on the executor) as long as the endpoint's rate-limit headers said it has nothing left, at most the
     * largest retry backoff, so that calls are not sent only to be refused.
     */
    private void waitForProvider() throws InterruptedException {
        long ms = Math.min(client.pauseBeforeNextCall().toMillis(), Math.max(1, settings.backoffMax().toMillis()));
        if (ms > 0) {
            metrics.providerPause(ms);
            Thread.sleep(ms);
        }
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Calls the endpoint currently gets at once (adapted to its refusals; at most the executor's threads). */
    public int concurrencyLimit() {
        return concurrency.limit();
    }

    /** Calls currently in flight through this gateway (all tasks). */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        batcher.flushAll();
        executor.close();
        client.close();
    }
}
