package io.chorus.community;

import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.Profile;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Offline community assignment ({@code method} "local"): profile texts are embedded in-process
 * ({@link ProfileEmbedder}, normally {@link MiniLmEmbedder}), clustered online by a {@link CommunityModel}, and
 * labelled from bio terms by a {@link CommunityLabeler}. No network, no API key.
 *
 * <p><b>Thread-confined, single writer:</b> the model changes with every assignment and is not thread-safe. Use
 * one instance from one thread (one stream task, or the batch command); to survive a restart, persist
 * {@link #snapshot()} and build the next instance with {@link #restore}.
 */
public final class LocalCommunityAssigner implements CommunityAssigner {

    private final ProfileEmbedder embedder;
    private final CommunityModel model;
    private final CommunityLabeler labeler;
    private final Clock clock;

    public LocalCommunityAssigner(ProfileEmbedder embedder, CommunityModel model, CommunityLabeler labeler, Clock clock) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.model = Objects.requireNonNull(model, "model");
        this.labeler = Objects.requireNonNull(labeler, "labeler");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (embedder.dimensions() != model.dimensions()) {
            throw new IllegalArgumentException("embedder gives " + embedder.dimensions() + " dimensions but the community model has "
                    + model.dimensions() + "; a snapshot from another embedding model cannot be reused");
        }
    }

    /** A fresh model with {@code seeds} (operator communities, possibly empty) created first, in order. */
    public static LocalCommunityAssigner create(ProfileEmbedder embedder, CommunityModel.Settings settings,
                                                List<CommunityModel.Seed> seeds, Clock clock) {
        CommunityLabeler labeler = new CommunityLabeler();
        CommunityModel model = CommunityModel.create(embedder.dimensions(), settings, labeler);
        Instant now = clock.instant();
        seeds.forEach(seed -> model.seed(seed, now));
        return new LocalCommunityAssigner(embedder, model, labeler, clock);
    }

    /**
     * Continues from a snapshot; {@code seeds} are applied again (matched by name), so a seed added to the operator
     * file since the snapshot gets the next free id and existing ones keep theirs.
     */
    public static LocalCommunityAssigner restore(ProfileEmbedder embedder, CommunityModel.Snapshot snapshot,
                                                 CommunityModel.Settings settings, List<CommunityModel.Seed> seeds, Clock clock) {
        CommunityLabeler labeler = new CommunityLabeler();
        CommunityModel model = CommunityModel.restore(snapshot, settings, labeler);
        Instant now = clock.instant();
        seeds.forEach(seed -> model.seed(seed, now));
        return new LocalCommunityAssigner(embedder, model, labeler, clock);
    }

    @Override
    public CommunityAssignment assign(Profile profile) {
        return assignEmbedded(profile, embedder.embed(ProfileText.of(profile)));
    }

    /** Embeds all texts in one call to the embedder, then assigns in list order. */
    @Override
    public List<CommunityAssignment> assignAll(List<Profile> profiles) {
        if (profiles.isEmpty()) {
            return List.of();
        }
        float[][] vectors = embedder.embed(profiles.stream().map(ProfileText::of).toList());
        List<CommunityAssignment> out = new ArrayList<>(profiles.size());
        for (int i = 0; i < profiles.size(); i++) {
            out.add(assignEmbedded(profiles.get(i), vectors[i]));
        }
        return out;
    }

    private CommunityAssignment assignEmbedded(Profile profile, float[] vector) {
        Objects.requireNonNull(profile.userId(), "profile.userId");
        Instant now = clock.instant();
        CommunityModel.Assignment a = model.assign(profile.userId(), vector, labeler.terms(profile.bio()), now);
        return new CommunityAssignment(CommunityAssignment.SCHEMA_VERSION, profile.userId(), a.communityId(),
                model.label(a.communityId()), a.confidence(), CommunityModel.METHOD, now);
    }

    @Override
    public Collection<Community> communities() {
        return model.communities();
    }

    @Override
    public String canonicalId(String communityId) {
        return model.resolve(communityId);
    }

    /** The model's state, to persist for a restart (see {@link #restore}). */
    public CommunityModel.Snapshot snapshot() {
        return model.snapshot();
    }

    /** The underlying model, for reads such as {@link CommunityModel#nearest}; do not write to it from elsewhere. */
    public CommunityModel model() {
        return model;
    }
}
