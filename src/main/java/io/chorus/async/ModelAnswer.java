package io.chorus.async;

/**
 * A model answer with the facts outputs record for provenance and cost.
 *
 * @param cached    true when it came from the response cache (no call was made, no cost)
 * @param latencyMs wall time of the successful call (0 when cached)
 * @param attempts  calls made, retries included (0 when cached)
 */
public record ModelAnswer(String text, String model, long tokensIn, long tokensOut, double costUsd, boolean cached,
                          long latencyMs, int attempts) {

    /** The same answer as served from the cache. */
    public ModelAnswer asCached() {
        return new ModelAnswer(text, model, tokensIn, tokensOut, 0.0, true, 0, 0);
    }
}
