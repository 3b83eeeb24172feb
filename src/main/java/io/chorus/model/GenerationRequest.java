package io.chorus.model;

import io.chorus.serde.Versioned;

/**
 * A campaign matched to a post: what to write (content type), for whom (persona), about what (campaign), in
 * reply to or about which post. Keyed by author id on its way through generation.
 *
 * @param bridge the concept chosen locally before generation (null when the model chooses it)
 */
public record GenerationRequest(Integer schemaVersion, EnrichedPost post, Campaign campaign, Persona persona, String bridge)
        implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public ContentType contentType() {
        return campaign.contentType();
    }

    /** The input id for request ids: one generation per post and campaign. */
    public String inputId() {
        return post.postId() + "|" + campaign.id();
    }
}
