package io.chorus.async;

import io.chorus.llm.ModelCallException;
import java.util.concurrent.CompletableFuture;

/**
 * What one call may still spend on retries. Two budgets, because the failures differ: an error (5xx, a timeout, a
 * connection reset, an answer that does not parse) spends one of {@code maxAttempts}; a refusal for the endpoint's
 * rate limit (429) is the endpoint saying "later", not a failure, so it spends time instead, up to
 * {@code rateLimitedMax} after the first refusal. A call that spends either fails with {@link Spent} around its last
 * error, which stops the retry. With {@code rateLimitedMax} zero a 429 is an attempt like any error (and the retry
 * itself counts the attempts).
 */
final class CallBudget {

    /** The call spent its budget; the cause is its last error. Not retriable. */
    static final class Spent extends RuntimeException {
        Spent(Throwable last) {
            super(last.getMessage(), last, false, false);
        }
    }

    private final int maxAttempts;
    private final long rateLimitedMaxNanos;
    private int errors;
    private long firstRefusalNanos = -1;

    CallBudget(GatewaySettings settings) {
        this.maxAttempts = settings.maxAttempts();
        this.rateLimitedMaxNanos = settings.rateLimitedMax().toNanos();
    }

    /** The attempt's result, or its failure turned into {@link Spent} when this call has nothing left. */
    <T> CompletableFuture<T> check(CompletableFuture<T> attempt) {
        if (rateLimitedMaxNanos == 0) {
            return attempt;
        }
        return attempt.handle((value, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = ModelGateway.unwrap(error);
            if (RetryPolicy.retriable(cause) && spend(cause, System.nanoTime())) {
                return CompletableFuture.<T>failedFuture(new Spent(cause));
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    /** Counts one retriable failure; true when the call has now spent its budget. Synchronized: attempts run one at a time. */
    synchronized boolean spend(Throwable failure, long nowNanos) {
        if (failure instanceof ModelCallException m && m.kind() == ModelCallException.Kind.RATE_LIMITED) {
            if (firstRefusalNanos < 0) {
                firstRefusalNanos = nowNanos;
            }
            return nowNanos - firstRefusalNanos >= rateLimitedMaxNanos;
        }
        return ++errors >= maxAttempts;
    }
}
