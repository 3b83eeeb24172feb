package io.chorus.model;

/** An image attached to a post: where it is and the author's alt text (either may be null). */
public record ImageRef(String url, String altText) {
}
