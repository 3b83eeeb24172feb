package io.chorus.model;

import java.util.List;

/**
 * Who a generation is for, from the persona sources enabled in {@code generation.persona.sources}: the author's
 * profile, their community, their recent posts, the accounts they follow and (with behavioral profiles enabled) a
 * one-line summary of their latest behavioral profile. Any part may be empty.
 *
 * @param behavior the top profile features with their reasons, or the valence summary of an offline profile; null when
 *                 the author has no profile yet
 */
public record Persona(String name, String handle, String bio, String location, String communityId, String communityLabel,
                      List<String> recentPosts, List<String> follows, String behavior) {

    public Persona {
        recentPosts = recentPosts == null ? List.of() : List.copyOf(recentPosts);
        follows = follows == null ? List.of() : List.copyOf(follows);
    }

    /** A persona without a behavioral profile. */
    public Persona(String name, String handle, String bio, String location, String communityId, String communityLabel,
                   List<String> recentPosts, List<String> follows) {
        this(name, handle, bio, location, communityId, communityLabel, recentPosts, follows, null);
    }
}
