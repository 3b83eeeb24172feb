package io.chorus.community;

import io.chorus.model.Community;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state of online community discovery: one centroid per community, updated as profiles arrive, with ids that
 * never change meaning.
 *
 * <p><b>Single writer.</b> This class is not thread-safe and must have exactly one writer (one stream task, or the
 * batch command): every instance that should agree on the same communities reads the writer's
 * {@link #snapshot()}, never clusters on its own. Given the same seeds, settings and input order, the result is
 * the same, bit for bit.
 *
 * <p><b>Algorithm</b> (single-pass leader clustering, as in BIRCH's leaf step). Each embedding is compared by
 * cosine with every centroid. If the best similarity reaches {@link Settings#newCommunityThreshold()} the profile
 * joins that community, whose centroid is the running mean of its members' unit embeddings (compared after
 * re-normalising); otherwise it founds a new community. When a centroid moves to within
 * {@link Settings#mergeThreshold()} of another, the two merge: the survivor is the seeded one, else the older one,
 * and the other id becomes an alias of it ({@link #resolve}), so assignments that name it can be re-pointed.
 *
 * <p><b>Ids</b> are {@code c-001}, {@code c-002}, ... in creation order, from a counter kept in the snapshot: an
 * id is never reused, not after a merge and not after a restart.
 *
 * <p><b>Re-assignment.</b> The model remembers each user's community and a fingerprint of the embedding it was
 * assigned from. The same embedding again (a replay) returns the same community and changes nothing; a different
 * one (the profile changed) is assigned afresh, and the old community's size drops by one. The old embedding's
 * share of the old centroid and term counts stays: the model keeps no per-user vectors, so centroids and terms
 * describe every profile a community has absorbed, while {@code size} counts its current members.
 *
 * <p><b>Operator seeds</b> ({@link #seed}) are created before discovery and are never merged away. A fixed seed
 * keeps its centroid and its operator-given label; a non-fixed seed's centroid learns from its members and its
 * label comes from their terms once it has any.
 */
public final class CommunityModel {

    /** The {@code method} of the communities this model describes. */
    public static final String METHOD = "local";
    /**
     * Measured on all-MiniLM-L6-v2 bios: 0.30 gave NMI 0.71 on the labelled fixture and 1.00 on the sample
     * profiles (0.25 and 0.35 gave 0.59 / 0.64 and 1.00 / 1.00 with merging on).
     */
    public static final double DEFAULT_NEW_COMMUNITY_THRESHOLD = 0.30;
    /** Merges the sample's split communities (8 become the true 5) without merging distinct fixture groups. */
    public static final double DEFAULT_MERGE_THRESHOLD = 0.55;
    /** Terms kept per community for labelling; the rarest are pruned beyond this so state stays bounded. */
    public static final int DEFAULT_MAX_TERMS = 500;
    /**
     * Softmax temperature of {@link Assignment#confidence()}: cosine gaps between topics are about 0.1-0.3 on
     * MiniLM, so 0.05 turns a 0.1 lead into a confidence near 0.88 and a tie into 0.5.
     */
    public static final double CONFIDENCE_TEMPERATURE = 0.05;
    public static final int SNAPSHOT_VERSION = 1;

    /**
     * Clustering settings (configuration, read at the edge; a restore may override the ones in the snapshot).
     *
     * @param newCommunityThreshold cosine below which a profile founds a new community, in [-1, 1]
     * @param mergeThreshold        cosine between centroids at which two communities merge; above 1 disables merging
     * @param maxTermsPerCommunity  terms kept per community for labels, at least {@link CommunityLabeler#DEFAULT_KEPT_TERMS}
     */
    public record Settings(double newCommunityThreshold, double mergeThreshold, int maxTermsPerCommunity) {

        public Settings {
            if (!(newCommunityThreshold >= -1 && newCommunityThreshold <= 1)) {
                throw new IllegalArgumentException("newCommunityThreshold must be a cosine in [-1, 1], got " + newCommunityThreshold);
            }
            if (Double.isNaN(mergeThreshold) || mergeThreshold <= -1) {
                throw new IllegalArgumentException("mergeThreshold must be a cosine above -1 (above 1 disables merging), got "
                        + mergeThreshold);
            }
            if (mergeThreshold <= 1.0 && mergeThreshold < newCommunityThreshold) {
                throw new IllegalArgumentException("mergeThreshold (" + mergeThreshold + ") must not be below newCommunityThreshold ("
                        + newCommunityThreshold + "): a new community would merge at once");
            }
            if (maxTermsPerCommunity < CommunityLabeler.DEFAULT_KEPT_TERMS) {
                throw new IllegalArgumentException("maxTermsPerCommunity must be at least " + CommunityLabeler.DEFAULT_KEPT_TERMS
                        + ", got " + maxTermsPerCommunity);
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_NEW_COMMUNITY_THRESHOLD, DEFAULT_MERGE_THRESHOLD, DEFAULT_MAX_TERMS);
        }

        public Settings withNewCommunityThreshold(double threshold) {
            return new Settings(threshold, mergeThreshold, maxTermsPerCommunity);
        }

        /** Pass a value above 1 (e.g. {@code 2}) to disable merging. */
        public Settings withMergeThreshold(double threshold) {
            return new Settings(newCommunityThreshold, threshold, maxTermsPerCommunity);
        }

        boolean merging() {
            return mergeThreshold <= 1.0;
        }
    }

    /**
     * An operator-defined community (see {@link OperatorCommunities}).
     *
     * @param centroid unit vector of the seed's texts
     * @param weight   how many embeddings the centroid stands for; a non-fixed seed moves less the larger it is
     */
    public record Seed(String name, String description, float[] centroid, long weight, boolean fixed) {
        public Seed {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(centroid, "centroid");
            if (weight < 1) {
                throw new IllegalArgumentException("seed weight must be at least 1, got " + weight);
            }
        }
    }

    /**
     * Where a profile went.
     *
     * @param similarity          cosine with the community's centroid before this profile joined (1 for a founder)
     * @param confidence          softmax, at {@link #CONFIDENCE_TEMPERATURE}, of the similarities with every
     *                            community plus a "none of these" option at the new-community threshold: near 1 when
     *                            one community is clearly nearest, 0.5 on a tie, low when nothing is close
     * @param newCommunity        whether this profile founded its community
     * @param previousCommunityId the user's community before this call (resolved through merges), or null
     * @param mergedIds           communities merged into {@code communityId} by this call (now its aliases)
     */
    public record Assignment(String userId, String communityId, double similarity, double confidence, boolean newCommunity,
                             String previousCommunityId, List<String> mergedIds) {
        public Assignment {
            mergedIds = mergedIds == null ? List.of() : List.copyOf(mergedIds);
        }

        /** True when the user was in a different community before this call. */
        public boolean reassigned() {
            return previousCommunityId != null && !previousCommunityId.equals(communityId);
        }
    }

    /** One community's state in a {@link Snapshot}; {@code mean} is the raw running mean (not re-normalised). */
    public record CommunityState(String id, String seedName, String description, boolean fixed, float[] mean,
                                 long absorbed, long size, long termProfiles, Map<String, Integer> termCounts,
                                 Instant updatedAt, Boolean discovered) {
    }

    /** A user's current community (possibly an alias) and the fingerprint of the embedding that put them there. */
    public record Member(String communityId, long fingerprint) {
    }

    /**
     * Everything needed to continue exactly where the writer stopped; Jackson-serialisable (see
     * {@link io.chorus.serde.Json}) so it can be kept in a state store or a compacted topic. Its size grows with
     * the number of users ({@code members}); at many thousands of users, keep members in a keyed store instead.
     * {@code embedding} names the model the centroids come from (null in snapshots written before it was recorded,
     * which all came from all-MiniLM-L6-v2); {@code discovered} says whether batch discovery
     * ({@link #addDiscovered}) has run.
     */
    public record Snapshot(int schemaVersion, int dimensions, Settings settings, long idCounter,
                           List<CommunityState> communities, Map<String, String> aliases, Map<String, Member> members,
                           String embedding, Boolean discovered) {
    }

    private static final class Cluster {
        final String id;
        final String seedName;
        String description;
        boolean fixed;
        float[] mean;
        float[] unit;
        long absorbed;
        long size;
        long termProfiles;
        final TreeMap<String, Integer> termCounts;
        Instant updatedAt;
        boolean discovered;

        Cluster(String id, String seedName, String description, boolean fixed, float[] mean, long absorbed, long size,
                long termProfiles, Map<String, Integer> termCounts, Instant updatedAt) {
            this.id = id;
            this.seedName = seedName;
            this.description = description;
            this.fixed = fixed;
            setMean(mean);
            this.absorbed = absorbed;
            this.size = size;
            this.termProfiles = termProfiles;
            this.termCounts = new TreeMap<>(termCounts);
            this.updatedAt = updatedAt;
        }

        void setMean(float[] newMean) {
            mean = newMean;
            unit = Vectors.normalized(newMean);
        }

        boolean seeded() {
            return seedName != null;
        }
    }

    private final int dimensions;
    private final Settings settings;
    private final CommunityLabeler labeler;
    private long idCounter;
    private final List<Cluster> clusters = new ArrayList<>();
    private final Map<String, Cluster> byId = new HashMap<>();
    private final TreeMap<String, String> aliases = new TreeMap<>();
    private final Map<String, Member> members = new HashMap<>();
    private Map<String, CommunityLabeler.Label> labels;
    private String embedding;
    private boolean discoveryDone;

    private CommunityModel(int dimensions, Settings settings, CommunityLabeler labeler, long idCounter) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be positive, got " + dimensions);
        }
        this.dimensions = dimensions;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.labeler = Objects.requireNonNull(labeler, "labeler");
        this.idCounter = idCounter;
    }

    /** An empty model for embeddings of {@code dimensions} components. */
    public static CommunityModel create(int dimensions, Settings settings) {
        return create(dimensions, settings, new CommunityLabeler());
    }

    public static CommunityModel create(int dimensions, Settings settings, CommunityLabeler labeler) {
        return new CommunityModel(dimensions, settings, labeler, 0);
    }

    /** Continues from a snapshot with the settings recorded in it. */
    public static CommunityModel restore(Snapshot snapshot) {
        return restore(snapshot, snapshot.settings(), new CommunityLabeler());
    }

    /** Continues from a snapshot with new settings (e.g. an operator changed the threshold); ids carry on. */
    public static CommunityModel restore(Snapshot snapshot, Settings settings, CommunityLabeler labeler) {
        if (snapshot.schemaVersion() != SNAPSHOT_VERSION) {
            throw new IllegalArgumentException("community snapshot version " + snapshot.schemaVersion()
                    + " is not supported (this Chorus reads version " + SNAPSHOT_VERSION + ")");
        }
        CommunityModel model = new CommunityModel(snapshot.dimensions(), settings, labeler, snapshot.idCounter());
        for (CommunityState state : snapshot.communities()) {
            if (state.mean() == null || state.mean().length != snapshot.dimensions()) {
                throw new IllegalArgumentException("community " + state.id() + " in the snapshot has a centroid of "
                        + (state.mean() == null ? 0 : state.mean().length) + " dimensions, expected " + snapshot.dimensions());
            }
            model.add(new Cluster(state.id(), state.seedName(), state.description(), state.fixed(), state.mean().clone(),
                    state.absorbed(), state.size(), state.termProfiles(), state.termCounts() == null ? Map.of() : state.termCounts(),
                    state.updatedAt()));
            model.clusters.get(model.clusters.size() - 1).discovered = Boolean.TRUE.equals(state.discovered());
        }
        if (snapshot.aliases() != null) {
            model.aliases.putAll(snapshot.aliases());
        }
        if (snapshot.members() != null) {
            model.members.putAll(snapshot.members());
        }
        model.embedding = snapshot.embedding();
        model.discoveryDone = Boolean.TRUE.equals(snapshot.discovered());
        return model;
    }

    /**
     * Adds an operator seed, or updates the one with the same name: seeds are matched by name so that loading the
     * operator file again after a restore creates nothing twice. A fixed seed takes the file's centroid; a non-fixed
     * one that already exists keeps what it has learned. Returns the seed's community id.
     */
    public String seed(Seed seed, Instant at) {
        checkVector(seed.centroid());
        for (Cluster cluster : clusters) {
            if (seed.name().equals(cluster.seedName)) {
                cluster.description = seed.description();
                cluster.fixed = seed.fixed();
                if (seed.fixed()) {
                    cluster.setMean(Vectors.normalized(seed.centroid()));
                }
                labels = null;
                return cluster.id;
            }
        }
        Cluster cluster = new Cluster(nextId(), seed.name(), seed.description(), seed.fixed(),
                Vectors.normalized(seed.centroid()), seed.weight(), 0, 0, Map.of(), at);
        add(cluster);
        return cluster.id;
    }

    /**
     * Adds a community found by batch discovery ({@link WardClustering}) with the group's unit centroid. It starts
     * with no members (they are assigned next, one by one, like any profile) but with {@code weight} absorbed
     * embeddings, so that its centroid moves as little as that many members would let it. Discovered communities
     * never merge with each other (discovery already decided they differ); a community founded later may merge
     * into one. Returns the new id (the next free one).
     */
    public String addDiscovered(float[] centroid, long weight, Instant at) {
        checkVector(centroid);
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1, got " + weight);
        }
        Cluster cluster = new Cluster(nextId(), null, null, false, Vectors.normalized(centroid), weight, 0, 0, Map.of(), at);
        cluster.discovered = true;
        add(cluster);
        return cluster.id;
    }

    /** Records that batch discovery has run (even if it found nothing), so that it never runs again on this state. */
    public void markDiscovered() {
        discoveryDone = true;
    }

    /** Whether batch discovery has run on this state (kept in the snapshot). */
    public boolean discovered() {
        return discoveryDone;
    }

    /** The embedding model the centroids come from, or null if not recorded (see {@link Snapshot}). */
    public String embedding() {
        return embedding;
    }

    /** Records the embedding model; called once by the assigner that owns this model. */
    public void embedding(String name) {
        this.embedding = name;
    }

    /**
     * Assigns a user's profile embedding to its community, updating the model (see the class comment).
     *
     * @param embedding the profile's embedding; normalised here if it is not already
     * @param terms     the profile's distinct bio terms ({@link CommunityLabeler#terms}), counted for labels
     * @param at        when this happens; becomes the community's {@code updatedAt}
     */
    public Assignment assign(String userId, float[] embedding, Collection<String> terms, Instant at) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(at, "at");
        checkVector(embedding);
        float[] unit = Vectors.normalized(embedding);
        long fingerprint = Vectors.fingerprint(unit);
        double[] sims = similarities(unit);
        Member previous = members.get(userId);
        String previousId = previous == null ? null : resolve(previous.communityId());
        if (previous != null && previous.fingerprint() == fingerprint) {
            int index = indexOf(previousId);
            return new Assignment(userId, previousId, sims[index], confidence(sims, index), false, previousId, List.of());
        }
        int best = argmax(sims);
        Cluster target;
        double similarity;
        double confidence;
        boolean founded = best < 0 || sims[best] < settings.newCommunityThreshold();
        if (founded) {
            confidence = confidence(sims, -1);
            similarity = 1.0;
            target = new Cluster(nextId(), null, null, false, unit.clone(), 0, 0, 0, Map.of(), at);
            add(target);
        } else {
            confidence = confidence(sims, best);
            similarity = sims[best];
            target = clusters.get(best);
        }
        if (previousId != null) {
            Cluster old = byId.get(previousId);
            if (old != null && old.size > 0) {
                old.size--;
                old.updatedAt = at;
            }
        }
        absorb(target, unit, terms, at, founded);
        members.put(userId, new Member(target.id, fingerprint));
        labels = null;
        List<String> merged = new ArrayList<>();
        Cluster survivor = founded || target.fixed ? target : mergeAround(target, at, merged);
        return new Assignment(userId, survivor.id, similarity, confidence, founded, previousId, merged);
    }

    /**
     * The community nearest to an embedding, without changing anything (for reads, previews and scoring); the
     * community id is null while the model has no communities. Unlike {@link #assign}, the nearest community is
     * returned even when it is below the new-community threshold, with a correspondingly low confidence.
     */
    public Assignment nearest(float[] embedding) {
        checkVector(embedding);
        double[] sims = similarities(Vectors.normalized(embedding));
        int best = argmax(sims);
        if (best < 0) {
            return new Assignment(null, null, 0, 0, false, null, List.of());
        }
        return new Assignment(null, clusters.get(best).id, sims[best], confidence(sims, best), false, null, List.of());
    }

    /** The user's current community, resolved through merges. */
    public Optional<String> communityOf(String userId) {
        Member member = members.get(userId);
        return member == null ? Optional.empty() : Optional.of(resolve(member.communityId()));
    }

    /** The surviving id of a community that was merged away; any other id is returned unchanged. */
    public String resolve(String communityId) {
        return aliases.getOrDefault(communityId, communityId);
    }

    /** Merged-away id to surviving id. */
    public Map<String, String> aliases() {
        return Map.copyOf(aliases);
    }

    /** The communities in creation order, labelled; {@code method} is {@value #METHOD}. */
    public List<Community> communities() {
        Map<String, CommunityLabeler.Label> current = labels();
        List<Community> out = new ArrayList<>(clusters.size());
        for (Cluster cluster : clusters) {
            out.add(toCommunity(cluster, current.get(cluster.id)));
        }
        return out;
    }

    /** One community by id (aliases resolved). */
    public Optional<Community> community(String communityId) {
        Cluster cluster = byId.get(resolve(communityId));
        return cluster == null ? Optional.empty() : Optional.of(toCommunity(cluster, labels().get(cluster.id)));
    }

    /** The current label of a community (aliases resolved), or the id itself if unknown. */
    public String label(String communityId) {
        return community(communityId).map(Community::label).orElse(communityId);
    }

    public int dimensions() {
        return dimensions;
    }

    public Settings settings() {
        return settings;
    }

    /** A deep copy of the state, deterministic in order (communities by creation, maps sorted by key). */
    public Snapshot snapshot() {
        List<CommunityState> states = new ArrayList<>(clusters.size());
        for (Cluster c : clusters) {
            states.add(new CommunityState(c.id, c.seedName, c.description, c.fixed, c.mean.clone(), c.absorbed, c.size,
                    c.termProfiles, new TreeMap<>(c.termCounts), c.updatedAt, c.discovered ? Boolean.TRUE : null));
        }
        return new Snapshot(SNAPSHOT_VERSION, dimensions, settings, idCounter, states, new TreeMap<>(aliases),
                new TreeMap<>(members), embedding, discoveryDone ? Boolean.TRUE : null);
    }

    private void add(Cluster cluster) {
        if (byId.putIfAbsent(cluster.id, cluster) != null) {
            throw new IllegalArgumentException("duplicate community id " + cluster.id);
        }
        clusters.add(cluster);
        labels = null;
    }

    private String nextId() {
        String id;
        do {
            idCounter++;
            id = String.format("c-%03d", idCounter);
        } while (byId.containsKey(id) || aliases.containsKey(id));
        return id;
    }

    private void absorb(Cluster cluster, float[] unit, Collection<String> terms, Instant at, boolean founded) {
        if (!cluster.fixed && !founded) {
            float[] mean = cluster.mean.clone();
            double rate = 1.0 / (cluster.absorbed + 1);
            for (int i = 0; i < mean.length; i++) {
                mean[i] = (float) (mean[i] + (unit[i] - mean[i]) * rate);
            }
            cluster.setMean(mean);
        }
        cluster.absorbed++;
        cluster.size++;
        cluster.updatedAt = at;
        if (terms != null) {
            cluster.termProfiles++;
            for (String term : terms) {
                cluster.termCounts.merge(term, 1, Integer::sum);
            }
            pruneTerms(cluster);
        }
    }

    /** Keeps the most frequent terms (ties: alphabetical) once a community has more than the limit. */
    private void pruneTerms(Cluster cluster) {
        int max = settings.maxTermsPerCommunity();
        if (cluster.termCounts.size() <= max) {
            return;
        }
        int keep = Math.max(CommunityLabeler.DEFAULT_KEPT_TERMS, max * 4 / 5);
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(cluster.termCounts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Integer> dropped : entries.subList(keep, entries.size())) {
            cluster.termCounts.remove(dropped.getKey());
        }
    }

    /** Merges communities whose centroids came within the merge threshold of {@code moved}; returns the survivor. */
    private Cluster mergeAround(Cluster moved, Instant at, List<String> merged) {
        if (!settings.merging()) {
            return moved;
        }
        Cluster current = moved;
        while (true) {
            Cluster partner = null;
            double best = settings.mergeThreshold();
            for (Cluster other : clusters) {
                if (other == current || (other.seeded() && current.seeded()) || (other.discovered && current.discovered)) {
                    continue;
                }
                double sim = Vectors.dot(current.unit, other.unit);
                if (sim >= best && (partner == null || sim > best)) {
                    partner = other;
                    best = sim;
                }
            }
            if (partner == null) {
                return current;
            }
            Cluster survivor = survivorOf(current, partner);
            Cluster loser = survivor == current ? partner : current;
            mergeInto(survivor, loser, at);
            merged.add(loser.id);
            if (survivor.fixed) {
                return survivor;
            }
            current = survivor;
        }
    }

    private Cluster survivorOf(Cluster a, Cluster b) {
        if (a.seeded() != b.seeded()) {
            return a.seeded() ? a : b;
        }
        if (a.discovered != b.discovered) {
            return a.discovered ? a : b;
        }
        return clusters.indexOf(a) < clusters.indexOf(b) ? a : b;
    }

    private void mergeInto(Cluster survivor, Cluster loser, Instant at) {
        if (!survivor.fixed) {
            float[] mean = new float[dimensions];
            double total = survivor.absorbed + loser.absorbed;
            for (int i = 0; i < dimensions; i++) {
                mean[i] = (float) ((survivor.mean[i] * (double) survivor.absorbed + loser.mean[i] * (double) loser.absorbed) / total);
            }
            survivor.setMean(mean);
        }
        survivor.absorbed += loser.absorbed;
        survivor.size += loser.size;
        survivor.termProfiles += loser.termProfiles;
        loser.termCounts.forEach((term, count) -> survivor.termCounts.merge(term, count, Integer::sum));
        pruneTerms(survivor);
        survivor.updatedAt = at;
        clusters.remove(loser);
        byId.remove(loser.id);
        aliases.replaceAll((from, to) -> to.equals(loser.id) ? survivor.id : to);
        aliases.put(loser.id, survivor.id);
        labels = null;
    }

    private double[] similarities(float[] unit) {
        double[] sims = new double[clusters.size()];
        for (int i = 0; i < sims.length; i++) {
            sims[i] = Vectors.dot(unit, clusters.get(i).unit);
        }
        return sims;
    }

    /** Index of the highest similarity, the oldest community on a tie; -1 when there are none. */
    private static int argmax(double[] sims) {
        int best = -1;
        for (int i = 0; i < sims.length; i++) {
            if (best < 0 || sims[i] > sims[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Softmax share of option {@code chosen} (-1: "a new community") among all communities and that option. */
    private double confidence(double[] sims, int chosen) {
        double none = settings.newCommunityThreshold();
        double max = none;
        for (double s : sims) {
            max = Math.max(max, s);
        }
        double total = Math.exp((none - max) / CONFIDENCE_TEMPERATURE);
        for (double s : sims) {
            total += Math.exp((s - max) / CONFIDENCE_TEMPERATURE);
        }
        double picked = chosen < 0 ? none : sims[chosen];
        return Math.exp((picked - max) / CONFIDENCE_TEMPERATURE) / total;
    }

    private int indexOf(String communityId) {
        Cluster cluster = byId.get(communityId);
        int index = cluster == null ? -1 : clusters.indexOf(cluster);
        if (index < 0) {
            throw new IllegalStateException("member points at unknown community " + communityId);
        }
        return index;
    }

    private void checkVector(float[] vector) {
        Objects.requireNonNull(vector, "embedding");
        if (vector.length != dimensions) {
            throw new IllegalArgumentException("embedding has " + vector.length + " dimensions, the model expects " + dimensions);
        }
        double norm = Vectors.norm(vector);
        if (!(norm > 0) || Double.isInfinite(norm)) {
            throw new IllegalArgumentException("embedding must be finite and non-zero");
        }
    }

    private Map<String, CommunityLabeler.Label> labels() {
        if (labels == null) {
            Map<String, CommunityLabeler.TermStats> stats = new LinkedHashMap<>();
            for (Cluster c : clusters) {
                stats.put(c.id, new CommunityLabeler.TermStats(c.termProfiles, c.termCounts));
            }
            labels = labeler.label(stats);
        }
        return labels;
    }

    private static Community toCommunity(Cluster c, CommunityLabeler.Label derived) {
        List<String> terms = derived == null ? List.of() : derived.terms();
        String label;
        if (c.seeded() && (c.fixed || c.size == 0 || terms.isEmpty())) {
            label = c.seedName;
        } else if (!terms.isEmpty()) {
            label = derived.label();
        } else {
            label = c.id;
        }
        String description;
        if (c.fixed) {
            description = c.description;
        } else if (c.seeded()) {
            description = "Seeded by the operator as '" + c.seedName + "'" + (c.description == null ? "" : ": " + c.description);
        } else {
            description = "Discovered from profile bios; labelled by its most distinctive terms.";
        }
        return new Community(Community.SCHEMA_VERSION, c.id, label, description, terms, c.size, METHOD, c.updatedAt);
    }

    @Override
    public String toString() {
        return "CommunityModel" + clusters.stream().sorted(Comparator.comparing(c -> c.id)).map(c -> c.id + "=" + c.size).toList();
    }
}
