package io.chorus.community;

import java.util.List;
import java.util.Objects;

/** What community discovery needs from outside: the profile embedder and the operator's seed communities. */
public record CommunityDeps(ProfileEmbedder embedder, List<CommunityModel.Seed> seeds) {
    public CommunityDeps {
        Objects.requireNonNull(embedder, "embedder");
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
    }
}
