package io.chorus.media;

import io.chorus.async.ModelGateway;
import java.util.Objects;

/**
 * What the media stage needs from outside: the store, and the gateways of the image and speech endpoints (null when
 * images are offline content cards, or narrations are not voiced). Built in {@code app.Dependencies}.
 */
public record MediaDeps(MediaStore store, ModelGateway imageGateway, ModelGateway speechGateway) {

    public MediaDeps {
        Objects.requireNonNull(store, "store");
    }

    /** Offline content cards only. */
    public static MediaDeps offline(MediaStore store) {
        return new MediaDeps(store, null, null);
    }
}
