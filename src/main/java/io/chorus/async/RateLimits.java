package io.chorus.async;

import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;

/**
 * The request and token budgets of one endpoint, shared by every task of an instance. {@link #acquire} waits for
 * a permit (up to {@code maxWait}); it runs on the model executor, never on a stream thread.
 */
final class RateLimits {

    private final RateLimiter requests;
    private final RateLimiter tokens;
    private final int tokensPerPeriod;

    RateLimits(String endpoint, int requestsPerMinute, int tokensPerMinute, Duration maxWait) {
        this.requests = RateLimiter.of("requests:" + endpoint, perSecond(requestsPerMinute, maxWait));
        this.tokens = RateLimiter.of("tokens:" + endpoint, perSecond(tokensPerMinute, maxWait));
        this.tokensPerPeriod = tokens.getRateLimiterConfig().getLimitForPeriod();
    }

    /**
     * Limits per second (a per-minute budget spread over the minute, so bursts stay small); a budget under 60
     * per minute is spent one permit at a time over the minute.
     */
    private static RateLimiterConfig perSecond(int perMinute, Duration maxWait) {
        boolean fine = perMinute >= 60;
        return RateLimiterConfig.custom()
                .limitForPeriod(fine ? perMinute / 60 : perMinute)
                .limitRefreshPeriod(fine ? Duration.ofSeconds(1) : Duration.ofMinutes(1))
                .timeoutDuration(maxWait)
                .build();
    }

    /** Tokens a request is charged before the call: its estimated prompt plus its answer limit. */
    int cost(ChatRequest request) {
        return Math.min(tokensPerPeriod, request.estimatedPromptTokens() + (request.maxTokens() == null ? 64 : request.maxTokens()));
    }

    /**
     * Takes one request permit and the request's tokens, waiting for them.
     *
     * @throws ModelCallException RATE_LIMITED (retriable) when no permit came within the wait limit
     */
    void acquire(ChatRequest request) throws ModelCallException {
        if (!requests.acquirePermission() || !tokens.acquirePermission(cost(request))) {
            throw new ModelCallException(ModelCallException.Kind.RATE_LIMITED, "local rate limit: no permit within the wait limit");
        }
    }
}
