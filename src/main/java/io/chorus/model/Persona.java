package io.chorus.model;

import java.util.List;

/**
 * Who a generation is for, from the persona sources enabled in {@code generation.persona.sources}: the author's
 * profile, their community, their recent posts and the accounts they follow. Any part may be empty.
 */
public record Persona(String name, String handle, String bio, String location, String communityId, String communityLabel,
                      List<String> recentPosts, List<String> follows) {

    public Persona {
        recentPosts = recentPosts == null ? List.of() : List.copyOf(recentPosts);
        follows = follows == null ? List.of() : List.copyOf(follows);
    }
}
