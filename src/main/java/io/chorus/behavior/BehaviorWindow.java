package io.chorus.behavior;

import io.chorus.model.BehaviorRequest.WindowPost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-author state of the behavior stage: the last posts (oldest first), how many arrived since the last build,
 * when the last build was (or, before the first, when the first post was) in event time, and the last version built.
 */
public record BehaviorWindow(List<WindowPost> posts, int newPosts, Instant lastBuiltAt, long lastVersion) {

    public BehaviorWindow {
        posts = posts == null ? List.of() : List.copyOf(posts);
    }

    public static BehaviorWindow empty() {
        return new BehaviorWindow(List.of(), 0, null, 0);
    }

    /** The window with one more post (the oldest dropped beyond {@code keep}). */
    public BehaviorWindow withPost(WindowPost post, int keep) {
        List<WindowPost> next = new ArrayList<>(posts);
        next.removeIf(p -> p.postId().equals(post.postId())); // a redelivered post counts once
        boolean isNew = next.size() == posts.size();
        next.add(post);
        while (next.size() > keep) {
            next.remove(0);
        }
        return new BehaviorWindow(next, isNew ? newPosts + 1 : newPosts, lastBuiltAt == null ? post.at() : lastBuiltAt, lastVersion);
    }

    /** The window after a build of {@code version} at {@code at}. */
    public BehaviorWindow built(long version, Instant at) {
        return new BehaviorWindow(posts, 0, at, version);
    }
}
