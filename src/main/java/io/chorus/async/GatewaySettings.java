package io.chorus.async;

import io.chorus.config.ChorusConfig;
import java.time.Duration;

/**
 * Per-endpoint call policy, resolved once from configuration.
 *
 * @param timeout            one attempt's limit; a timed-out attempt is interrupted and retried
 * @param maxAttempts        attempts per call, the first included; refusals for the rate limit (429) not counted
 * @param rateLimitedMax     how long a call keeps trying while the endpoint refuses it for its rate limit (0: a 429 is an attempt)
 * @param batching           several items of a per-item use in one request ({@link PromptBatcher}); off by default
 * @param backoffInitial     first retry delay bound; doubles per attempt (full jitter), unless the server sent Retry-After
 * @param requestsPerMinute  shared by all tasks of the instance
 * @param tokensPerMinute    estimated prompt tokens plus the answer limit, shared likewise
 * @param parameters         sampling parameters that change answers (temperature, seed, max tokens): part of cache keys
 */
public record GatewaySettings(Duration timeout, int maxAttempts, Duration backoffInitial, Duration backoffMax,
                              int requestsPerMinute, int tokensPerMinute, double priceInputPerMillion,
                              double priceOutputPerMillion, long cacheMaxEntries, int executorThreads, String parameters,
                              Duration rateLimitedMax, PromptBatcher.Settings batching) {

    public GatewaySettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (executorThreads < 1) {
            throw new IllegalArgumentException("executorThreads must be >= 1");
        }
        rateLimitedMax = rateLimitedMax == null ? Duration.ZERO : rateLimitedMax;
        batching = batching == null ? PromptBatcher.Settings.OFF : batching;
    }

    /** The settings with a 429 counted as an attempt, for callers written before the rate-limited budget. */
    public GatewaySettings(Duration timeout, int maxAttempts, Duration backoffInitial, Duration backoffMax, int requestsPerMinute,
                           int tokensPerMinute, double priceInputPerMillion, double priceOutputPerMillion, long cacheMaxEntries,
                           int executorThreads, String parameters) {
        this(timeout, maxAttempts, backoffInitial, backoffMax, requestsPerMinute, tokensPerMinute, priceInputPerMillion,
                priceOutputPerMillion, cacheMaxEntries, executorThreads, parameters, Duration.ZERO, PromptBatcher.Settings.OFF);
    }

    /** Settings with the defaults of {@code config/chorus.properties}, to adjust with the builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Names each setting instead of eleven positional arguments. */
    public static final class Builder {
        private Duration timeout = Duration.ofSeconds(30);
        private int maxAttempts = 4;
        private Duration backoffInitial = Duration.ofMillis(200);
        private Duration backoffMax = Duration.ofSeconds(10);
        private int requestsPerMinute = 500;
        private int tokensPerMinute = 200_000;
        private double priceInputPerMillion = 0.15;
        private double priceOutputPerMillion = 0.60;
        private long cacheMaxEntries = 100_000;
        private int executorThreads = 16;
        private String parameters = "";
        private Duration rateLimitedMax = Duration.ofMinutes(5);
        private PromptBatcher.Settings batching = PromptBatcher.Settings.OFF;

        public Builder timeout(Duration d) {
            timeout = d;
            return this;
        }

        public Builder maxAttempts(int n) {
            maxAttempts = n;
            return this;
        }

        /** Both backoff bounds. */
        public Builder backoff(Duration initial, Duration max) {
            backoffInitial = initial;
            backoffMax = max;
            return this;
        }

        public Builder rateLimits(int requestsPerMin, int tokensPerMin) {
            requestsPerMinute = requestsPerMin;
            tokensPerMinute = tokensPerMin;
            return this;
        }

        public Builder prices(double inputPerMillion, double outputPerMillion) {
            priceInputPerMillion = inputPerMillion;
            priceOutputPerMillion = outputPerMillion;
            return this;
        }

        public Builder cacheMaxEntries(long n) {
            cacheMaxEntries = n;
            return this;
        }

        public Builder executorThreads(int n) {
            executorThreads = n;
            return this;
        }

        /** How long a call keeps trying while refused for the rate limit (0: a 429 counts as an attempt). */
        public Builder rateLimitedMax(Duration d) {
            rateLimitedMax = d;
            return this;
        }

        /** Up to {@code size} items of the given uses per request, the first waiting at most {@code linger}. */
        public Builder batching(int size, Duration linger, java.util.Set<String> uses) {
            batching = new PromptBatcher.Settings(size, linger, java.util.Set.copyOf(uses));
            return this;
        }

        public Builder parameters(String p) {
            parameters = p;
            return this;
        }

        public GatewaySettings build() {
            return new GatewaySettings(timeout, maxAttempts, backoffInitial, backoffMax, requestsPerMinute, tokensPerMinute,
                    priceInputPerMillion, priceOutputPerMillion, cacheMaxEntries, executorThreads, parameters, rateLimitedMax, batching);
        }
    }

    public static GatewaySettings fromConfig(ChorusConfig c) {
        String parameters = "temperature=" + c.getDouble(ChorusConfig.LLM_TEMPERATURE) + ";seed=" + c.getInt(ChorusConfig.LLM_SEED)
                + ";maxTokens=" + c.getInt(ChorusConfig.LLM_MAX_TOKENS);
        return new GatewaySettings(Duration.ofMillis(c.getLong(ChorusConfig.LLM_TIMEOUT_MS)), c.getInt(ChorusConfig.ASYNC_MAX_ATTEMPTS),
                Duration.ofMillis(c.getLong(ChorusConfig.ASYNC_BACKOFF_INITIAL_MS)), Duration.ofMillis(c.getLong(ChorusConfig.ASYNC_BACKOFF_MAX_MS)),
                c.getInt(ChorusConfig.LLM_REQUESTS_PER_MINUTE), c.getInt(ChorusConfig.LLM_TOKENS_PER_MINUTE),
                c.getDouble(ChorusConfig.LLM_PRICE_INPUT_PER_MTOK), c.getDouble(ChorusConfig.LLM_PRICE_OUTPUT_PER_MTOK),
                c.getLong(ChorusConfig.CACHE_MAX_ENTRIES), c.getInt(ChorusConfig.ASYNC_EXECUTOR_THREADS), parameters,
                Duration.ofMillis(c.getLong(ChorusConfig.ASYNC_RATE_LIMITED_MAX_MS)),
                new PromptBatcher.Settings(c.getInt(ChorusConfig.ASYNC_BATCH_SIZE), Duration.ofMillis(c.getLong(ChorusConfig.ASYNC_BATCH_LINGER_MS)),
                        java.util.Set.copyOf(c.getList(ChorusConfig.ASYNC_BATCH_USES))));
    }

    /** Estimated cost in USD of one call. */
    public double cost(long tokensIn, long tokensOut) {
        return tokensIn * priceInputPerMillion / 1_000_000.0 + tokensOut * priceOutputPerMillion / 1_000_000.0;
    }
}
