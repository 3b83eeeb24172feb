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
 * Offline community assignment ({@code method} "local"): profile texts are cleaned and embedded in-process
 * ({@link ProfileEmbedder}, normally {@link OnnxProfileEmbedder}), the first batch is clustered by
 * {@link WardClustering} (when discovery is on) and every profile is then assigned online by a
 * {@link CommunityModel}, and communities are labelled from bio terms by a {@link CommunityLabeler}. No network,
 * no API key. The stream ({@code AssignCommunities}) and the batch command ({@link BatchCommunities}) both run
 * exactly {@link #prepare} then {@link #apply}, so they agree.
 *
 * <p><b>Two steps.</b> {@link #prepare} is the slow part (embedding, and discovery's clustering); it reads no
 * model state, is thread-safe, and may run on any thread. {@link #apply} is fast and changes the model: call it
 * on the single writer's thread, in batch order. A profile whose text the model cannot embed comes out of
 * {@code apply} as a failed {@link Outcome} with the reason; it never fails the others.
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
    private WardClustering discovery;

    /** What {@link #prepare} computed for a batch: per profile its text and vector (or error), and discovery's groups. */
    public record Prepared(List<Profile> profiles, List<IsolatedEmbedding.Item> items, WardClustering.Result discovery) {
        public Prepared {
            profiles = List.copyOf(profiles);
            items = List.copyOf(items);
        }
    }

    /** One profile's result: its assignment, or why it has none (the caller dead-letters it). */
    public record Outcome(Profile profile, CommunityAssignment assignment, String failure) {
        public boolean ok() {
            return assignment != null;
        }
    }

    public LocalCommunityAssigner(ProfileEmbedder embedder, CommunityModel model, CommunityLabeler labeler, Clock clock) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.model = Objects.requireNonNull(model, "model");
        this.labeler = Objects.requireNonNull(labeler, "labeler");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (embedder.dimensions() != model.dimensions()) {
            throw new IllegalArgumentException("embedder gives " + embedder.dimensions() + " dimensions but the community model has "
                    + model.dimensions() + "; a snapshot from another embedding model cannot be reused");
        }
        String recorded = model.embedding();
        if (recorded != null && !model.communities().isEmpty() && !recorded.equals(embedder.name())) {
            throw new IllegalStateException("the saved communities were built with the embedding model " + recorded
                    + ", but this instance embeds with " + embedder.name() + "; their vectors are not comparable. Either keep "
                    + "the old model (communities.embedding) or start communities afresh (a new application id, or reset the "
                    + "community-model store)");
        }
        model.embedding(embedder.name());
    }

    /** Snapshots that do not name their embedding model were all built with all-MiniLM-L6-v2 (quantized). */
    static final String LEGACY_EMBEDDING = "all-minilm-l6-v2-q";

    /**
     * Turns on batch discovery: while the model has no communities (no operator seeds, nothing assigned yet), the
     * first batch given to {@link #prepare} is clustered and its groups become the first communities. Returns this.
     */
    public LocalCommunityAssigner discovering(WardClustering clustering) {
        this.discovery = clustering;
        return this;
    }

    /** True while the next batch would be clustered by discovery (see {@link #discovering}). */
    public boolean needsDiscovery() {
        return discovery != null && !model.discovered() && model.communities().isEmpty();
    }

    /**
     * The slow, thread-safe step: cleans and embeds every profile's text (a failing text fails only itself) and,
     * if {@code discover}, clusters the embedded ones (at most {@link WardClustering#MAX_POINTS}). Reads no model
     * state, so it may run off the writer's thread.
     */
    public Prepared prepare(List<Profile> profiles, boolean discover) {
        List<String> texts = profiles.stream().map(ProfileText::of).toList();
        List<IsolatedEmbedding.Item> items = IsolatedEmbedding.embed(embedder, texts);
        WardClustering.Result groups = null;
        WardClustering clustering = discovery;
        if (discover && clustering != null) {
            float[][] vectors = items.stream().filter(IsolatedEmbedding.Item::ok).map(IsolatedEmbedding.Item::vector)
                    .limit(WardClustering.MAX_POINTS).toArray(float[][]::new);
            groups = clustering.cluster(vectors);
        }
        return new Prepared(profiles, items, groups);
    }

    /**
     * The fast step, on the single writer: creates discovery's communities if it ran and the model still needs
     * them, then assigns every embedded profile in order. One outcome per profile, in order.
     */
    public List<Outcome> apply(Prepared prepared) {
        if (prepared.discovery() != null && needsDiscovery()) {
            Instant now = clock.instant();
            WardClustering.Result groups = prepared.discovery();
            for (int g = 0; g < groups.communities(); g++) {
                model.addDiscovered(groups.centroids()[g], groups.size(g), now);
            }
            model.markDiscovered();
        }
        List<Outcome> out = new ArrayList<>(prepared.profiles().size());
        for (int i = 0; i < prepared.profiles().size(); i++) {
            Profile profile = prepared.profiles().get(i);
            IsolatedEmbedding.Item item = prepared.items().get(i);
            if (!item.ok()) {
                out.add(new Outcome(profile, null, item.error()));
                continue;
            }
            try {
                out.add(new Outcome(profile, assignEmbedded(profile, item.vector()), null));
            } catch (RuntimeException e) {
                out.add(new Outcome(profile, null, "community assignment failed: " + e.getMessage()));
            }
        }
        return out;
    }

    /** A fresh model with {@code seeds} (operator communities, possibly empty) created first, in order. */
    public static LocalCommunityAssigner create(ProfileEmbedder embedder, CommunityModel.Settings settings,
                                                List<CommunityModel.Seed> seeds, Clock clock) {
        CommunityLabeler labeler = new CommunityLabeler();
        CommunityModel model = CommunityModel.create(embedder.dimensions(), settings, labeler);
        model.embedding(embedder.name());
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
        if (model.embedding() == null && !snapshot.communities().isEmpty()) {
            model.embedding(LEGACY_EMBEDDING);
        }
        Instant now = clock.instant();
        seeds.forEach(seed -> model.seed(seed, now));
        return new LocalCommunityAssigner(embedder, model, labeler, clock);
    }

    @Override
    public CommunityAssignment assign(Profile profile) {
        return assignAll(List.of(profile)).get(0);
    }

    /**
     * {@link #prepare} then {@link #apply} on this thread (discovering if needed); throws
     * {@link IllegalArgumentException} naming the first profile that could not be assigned. Callers that must not
     * lose the others use the two steps.
     */
    @Override
    public List<CommunityAssignment> assignAll(List<Profile> profiles) {
        if (profiles.isEmpty()) {
            return List.of();
        }
        List<CommunityAssignment> out = new ArrayList<>(profiles.size());
        for (Outcome o : apply(prepare(profiles, needsDiscovery()))) {
            if (!o.ok()) {
                throw new IllegalArgumentException("profile " + o.profile().userId() + ": " + o.failure());
            }
            out.add(o.assignment());
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
