package io.chorus.async;

/**
 * A model answer with the facts outputs record for provenance and cost. Build one with {@link #fresh} (a call was
 * made) or {@link #fromCache} (no call, no cost).
 *
 * @param cached    true when it came from the response cache (no call was made, no cost)
 * @param latencyMs wall time of the successful call (0 when cached)
 * @param attempts  calls made, retries included (0 when cached)
 */
public record ModelAnswer(String text, String model, long tokensIn, long tokensOut, double costUsd, boolean cached,
                          long latencyMs, int attempts) {

    /** The answer of a call that was made: its cost, latency and attempt count. */
    public static ModelAnswer fresh(String text, String model, long tokensIn, long tokensOut, Call call) {
        return new ModelAnswer(text, model, tokensIn, tokensOut, call.costUsd(), false, call.latencyMs(), call.attempts());
    }

    /** An answer served from the response cache: no cost, no latency, no attempts. */
    public static ModelAnswer fromCache(String text, String model, long tokensIn, long tokensOut) {
        return new ModelAnswer(text, model, tokensIn, tokensOut, 0.0, true, 0, 0);
    }

    /** The same answer as served from the cache. */
    public ModelAnswer asCached() {
        return fromCache(text, model, tokensIn, tokensOut);
    }

    /**
     * What one successful call cost.
     *
     * @param costUsd   estimated cost in USD
     * @param latencyMs wall time of the successful attempt
     * @param attempts  attempts made, the successful one included
     */
    public record Call(double costUsd, long latencyMs, int attempts) {
    }
}
