package io.chorus.model;

import java.time.Instant;

/**
 * A reference to media (an image or an audio file) held in the media store, on a generated output. Records carry
 * this, never the bytes: the file is named by {@code sha256} and served at {@code GET /api/media/{sha256}}.
 *
 * @param sha256      hex SHA-256 of the file's bytes: its name in the store, so equal bytes are one file
 * @param mimeType    {@code image/png}, {@code image/jpeg}, {@code image/webp}, {@code audio/wav} or {@code audio/mpeg},
 *                    read from the bytes themselves, not taken from the endpoint's word
 * @param sizeBytes   the file's length
 * @param width       pixels (images; null for audio)
 * @param height      pixels (images; null for audio)
 * @param durationMs  length (audio; null for images, or when the format does not say)
 * @param generator   what made it: {@code offline-content-card}, or the image or speech model's name
 * @param prompt      what it was made from: the image prompt, the text voiced, or the text drawn on a card
 * @param disclosure  the campaign's disclosure label, drawn on offline cards and to be shown with the media
 * @param offline     true for an offline content card (no image model was involved)
 * @param cached      true when the reference came from the response cache rather than a fresh call
 * @param storedAt    when the file was written (or found already present)
 */
public record MediaRef(String sha256, String mimeType, long sizeBytes, Integer width, Integer height, Long durationMs,
                       String generator, String prompt, String disclosure, boolean offline, boolean cached, Instant storedAt) {

    /** The same reference, marked as coming from the cache. */
    public MediaRef asCached() {
        return new MediaRef(sha256, mimeType, sizeBytes, width, height, durationMs, generator, prompt, disclosure, offline, true, storedAt);
    }
}
