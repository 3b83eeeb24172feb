package io.chorus.model;

import java.time.Instant;

/**
 * Content written for a campaign, on {@code chorus.replies} or {@code chorus.captions} (key: post id), with
 * full provenance so that every text can be traced to its request, prompt and model.
 */
public record GeneratedContent(Integer schemaVersion, String requestId, String postId, String authorId,
                               String communityId, String campaignId, ContentType contentType, String text,
                               String bridge, String rationale, String model, String promptVersion, boolean offline,
                               long latencyMs, long tokensIn, long tokensOut, double estimatedCostUsd,
                               boolean cached, Instant generatedAt) implements Versioned {

    public static final int SCHEMA_VERSION = 1;
}
