package io.chorus.model;

import io.chorus.serde.Versioned;

import java.time.Instant;
import java.util.List;

/**
 * A due refresh of one author's behavioral profile: the window of their last posts and what Chorus computed from it
 * locally. Built by the behavior window processor, turned into a {@link BehaviorProfile} offline or by the model
 * (through the async processor, which keeps it in its in-flight store until the answer is emitted).
 *
 * @param version the version the resulting profile will have
 * @param posts   the window, oldest first
 */
public record BehaviorRequest(Integer schemaVersion, String userId, long version, List<WindowPost> posts, String communityId,
                              BehaviorProfile.ValenceStats valence, Double postsPerHour, Instant requestedAt) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public BehaviorRequest {
        posts = posts == null ? List.of() : List.copyOf(posts);
    }

    /** One post of the window: enough to prompt with and to compute statistics, and the post's image URLs. */
    public record WindowPost(String postId, String text, double score, Instant at, List<String> imageUrls) {
        public WindowPost {
            imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
        }

        public WindowPost(String postId, String text, double score, Instant at) {
            this(postId, text, score, at, List.of());
        }
    }

    /** Input id for request ids: one build per author, version and window end. */
    public String inputId() {
        return userId + "|v" + version + "|" + (posts.isEmpty() ? "" : posts.get(posts.size() - 1).postId());
    }

    /** The window's newest {@code max} image URLs, oldest first (what a vision model is shown with the posts). */
    public List<String> imageUrls(int max) {
        List<String> all = posts.stream().flatMap(p -> p.imageUrls().stream()).toList();
        return max <= 0 ? List.of() : all.subList(Math.max(0, all.size() - max), all.size());
    }

    public List<String> postIds() {
        return posts.stream().map(WindowPost::postId).toList();
    }
}
