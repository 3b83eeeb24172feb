package io.chorus.llm.stub;

import java.util.Map;

/**
 * What a stub server served since it started, as {@code GET /v1/stats} reports it, so that a user can check what a
 * run cost.
 *
 * @param requests         chat-completion requests received
 * @param answered         requests answered with a completion
 * @param items            items answered: one per single completion, each item of a batch ({@code BatchPrompt}) for batches
 * @param promptTokens     prompt tokens of the answered requests (the stub's estimate: 4 characters per token)
 * @param completionTokens answer tokens of the answered requests
 * @param faults           requests that failed, by fault name (scripted, random, or over the stub's rate limit)
 */
public record StubStats(long requests, long answered, long items, long promptTokens, long completionTokens, Map<String, Long> faults) {
}
