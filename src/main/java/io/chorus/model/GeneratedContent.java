package io.chorus.model;

import io.chorus.serde.Versioned;

import java.time.Instant;

/**
 * Content written for a campaign, on {@code chorus.replies} or {@code chorus.captions} (key: post id), with
 * full provenance so that every text can be traced to its request, prompt and model.
 *
 * @param bridge        the concept that connects the person's world to the campaign topic
 * @param rationale     why this should work for this person (model output only; never part of {@code text})
 * @param offline       true for template output written without a model
 * @param textSentiment the generated text's own sentiment (0-100, local scorer), to measure sentiment control
 * @param media         the stored image or audio this content comes with (null for text only); the bytes are in
 *                      the media store, never in the record
 */
public record GeneratedContent(Integer schemaVersion, String requestId, String postId, String authorId,
                               String communityId, String campaignId, ContentType contentType, String text,
                               String bridge, String rationale, String model, String promptVersion, boolean offline,
                               long latencyMs, long tokensIn, long tokensOut, double estimatedCostUsd,
                               boolean cached, Double textSentiment, Instant generatedAt, MediaRef media) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    /** Text-only content (no media). */
    public GeneratedContent(Integer schemaVersion, String requestId, String postId, String authorId, String communityId,
                            String campaignId, ContentType contentType, String text, String bridge, String rationale,
                            String model, String promptVersion, boolean offline, long latencyMs, long tokensIn, long tokensOut,
                            double estimatedCostUsd, boolean cached, Double textSentiment, Instant generatedAt) {
        this(schemaVersion, requestId, postId, authorId, communityId, campaignId, contentType, text, bridge, rationale, model,
                promptVersion, offline, latencyMs, tokensIn, tokensOut, estimatedCostUsd, cached, textSentiment, generatedAt, null);
    }

    /** This content with its stored media. */
    public GeneratedContent withMedia(MediaRef ref) {
        return new GeneratedContent(schemaVersion, requestId, postId, authorId, communityId, campaignId, contentType, text, bridge,
                rationale, model, promptVersion, offline, latencyMs, tokensIn, tokensOut, estimatedCostUsd, cached, textSentiment,
                generatedAt, ref);
    }
}
