package io.chorus.media;

/** Media the store will not take (empty, over {@code media.max.bytes}, or not an accepted format); retrying cannot help. */
public final class MediaRejectedException extends Exception {
    public MediaRejectedException(String message) {
        super(message);
    }
}
