package io.chorus.topology;

import java.util.ArrayList;
import java.util.List;

/** Per-author state kept for personas: the latest posts (newest last) and the accounts followed. */
public record AuthorMemory(List<String> recentPosts, List<String> follows) {

    public AuthorMemory {
        recentPosts = recentPosts == null ? List.of() : List.copyOf(recentPosts);
        follows = follows == null ? List.of() : List.copyOf(follows);
    }

    public static AuthorMemory empty() {
        return new AuthorMemory(List.of(), List.of());
    }

    public AuthorMemory withPost(String text, int keep) {
        List<String> posts = new ArrayList<>(recentPosts);
        posts.add(text);
        while (posts.size() > keep) {
            posts.remove(0);
        }
        return new AuthorMemory(posts, follows);
    }

    public AuthorMemory withFollow(String description, int keep) {
        List<String> f = new ArrayList<>(follows);
        if (!f.contains(description)) {
            f.add(description);
        }
        while (f.size() > keep) {
            f.remove(0);
        }
        return new AuthorMemory(recentPosts, f);
    }
}
