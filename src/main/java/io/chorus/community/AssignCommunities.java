package io.chorus.community;

import io.chorus.model.Community;
import io.chorus.model.Profile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single community writer: it runs on the one partition of the {@code profiles-single-writer} repartition
 * topic, so every instance sees one set of communities.
 *
 * <p><b>Off the stream thread.</b> Profiles wait in a changelogged pending store. When a batch is due (full, or
 * the flush interval passed), its slow part, embedding and, the first time, discovery's clustering
 * ({@link LocalCommunityAssigner#prepare}), runs on the embedder's background executor; the stream thread only
 * checks, on later records and on a wall-clock punctuator, whether it is done, and then applies it
 * ({@link LocalCommunityAssigner#apply}: a few dot products per profile) and forwards the results. So no
 * embedding time counts against the exactly-once transaction timeout or {@code max.poll.interval.ms}, however
 * slow the model or large the backlog. At most one batch is in flight; a crash or a rebalance drops it and the
 * profiles, still in the pending store, are embedded again by the next owner. The model's snapshot is saved in
 * the same transaction as the outputs, so ids stay stable across restarts.
 *
 * <p><b>Isolation.</b> A profile whose text cannot be embedded is emitted as {@link CommunityEvent.Failed} (a dead
 * letter with the reason) and leaves the pending store like every other; it never holds up the batch, nor any
 * later one. The same holds if the whole background step fails unexpectedly: each profile of that batch gets its
 * own dead letter.
 *
 * <p><b>Discovery.</b> With discovery on and no communities yet, the first batch is larger: it waits (at most
 * {@code discoveryWait}) for up to {@code discoveryProfiles} profiles, which are clustered together.
 */
final class AssignCommunities implements Processor<String, Profile, String, CommunityEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(AssignCommunities.class);
    static final String MODEL_KEY = "model";
    static final long DISCOVERY_RETRY_MS = 60_000;

    /** How profiles are batched. */
    record Batching(int batchSize, Duration flushInterval, int discoveryProfiles, Duration discoveryWait) {
    }

    private record Job(List<String> keys, List<Profile> profiles, CompletableFuture<LocalCommunityAssigner.Prepared> result) {
    }

    private final ProfileEmbedder embedder;
    private final CommunityModel.Settings settings;
    private final List<CommunityModel.Seed> seeds;
    private final Clock clock;
    private final Batching batching;
    private final WardClustering clustering;
    private final String modelStoreName;
    private final String pendingStoreName;
    private final LlmCommunityDiscovery discovery;
    private final Executor background;

    private ProcessorContext<String, CommunityEvent> context;
    private KeyValueStore<String, CommunityModel.Snapshot> modelStore;
    private KeyValueStore<String, Profile> pendingStore;
    private LocalCommunityAssigner assigner;
    private long nextSeq;
    private int pendingCount;
    private long firstPendingAt = -1;
    private Job inFlight;
    private CompletableFuture<LlmCommunityDiscovery.Discovery> discovering;
    private long retryDiscoveryAt;

    /**
     * @param clustering batch discovery of the first communities, or null for purely online clustering
     * @param discovery  model-named communities (communities.method=llm), or null
     */
    AssignCommunities(ProfileEmbedder embedder, CommunityModel.Settings settings, List<CommunityModel.Seed> seeds, Clock clock,
                      Batching batching, WardClustering clustering, String modelStoreName, String pendingStoreName,
                      LlmCommunityDiscovery discovery) {
        this.embedder = embedder;
        this.settings = settings;
        this.seeds = List.copyOf(seeds);
        this.clock = clock;
        this.batching = batching;
        this.clustering = clustering;
        this.modelStoreName = modelStoreName;
        this.pendingStoreName = pendingStoreName;
        this.discovery = discovery;
        this.background = embedder.backgroundExecutor();
    }

    @Override
    public void init(ProcessorContext<String, CommunityEvent> context) {
        this.context = context;
        this.modelStore = context.getStateStore(modelStoreName);
        this.pendingStore = context.getStateStore(pendingStoreName);
        CommunityModel.Snapshot snapshot = modelStore.get(MODEL_KEY);
        assigner = snapshot == null
                ? LocalCommunityAssigner.create(embedder, settings, seeds, clock)
                : LocalCommunityAssigner.restore(embedder, snapshot, settings, seeds, clock);
        if (clustering != null && discovery == null) {
            assigner.discovering(clustering);
        }
        try (KeyValueIterator<String, Profile> it = pendingStore.all()) {
            while (it.hasNext()) {
                KeyValue<String, Profile> kv = it.next();
                nextSeq = Math.max(nextSeq, Long.parseLong(kv.key) + 1);
                pendingCount++;
            }
        }
        if (pendingCount > 0) {
            firstPendingAt = context.currentSystemTimeMs();
        }
        LOG.info("Community writer {} with {} communities and {} pending profile(s)", snapshot == null ? "started" : "restored",
                assigner.communities().size(), pendingCount);
        context.schedule(batching.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, Profile> record) {
        if (record.value() == null || record.value().userId() == null) {
            return; // a deleted profile: its last assignment stays until a new profile arrives
        }
        pendingStore.put(String.format("%019d", nextSeq++), record.value());
        if (pendingCount++ == 0) {
            firstPendingAt = context.currentSystemTimeMs();
        }
        int due = assigner.needsDiscovery() ? Math.max(batching.discoveryProfiles(), batching.batchSize()) : batching.batchSize();
        if (pendingCount >= due || inFlight != null && inFlight.result().isDone()) {
            advance(record.timestamp(), false);
        }
    }

    private void punctuate(long timestamp) {
        advance(timestamp, true);
    }

    @Override
    public void close() {
        if (inFlight != null) {
            inFlight.result().cancel(false); // its profiles are still pending: the next owner embeds them again
            inFlight = null;
        }
    }

    /** Applies a finished batch, then starts the next one if one is due; loops while batches finish at once. */
    private void advance(long timestamp, boolean flushing) {
        if (!discovered()) {
            return;
        }
        while (true) {
            if (inFlight != null) {
                if (!inFlight.result().isDone()) {
                    return;
                }
                applyFinished(timestamp);
            }
            if (!startBatch(flushing)) {
                return;
            }
        }
    }

    /** Starts embedding the oldest pending profiles when a batch is due; false when none was started. */
    private boolean startBatch(boolean flushing) {
        if (pendingCount == 0) {
            return false;
        }
        boolean discover = assigner.needsDiscovery();
        int max = discover ? Math.max(batching.discoveryProfiles(), batching.batchSize()) : batching.batchSize();
        if (discover) {
            boolean waited = context.currentSystemTimeMs() - firstPendingAt >= batching.discoveryWait().toMillis();
            if (pendingCount < max && !waited) {
                return false;
            }
        } else if (pendingCount < max && !flushing) {
            return false;
        }
        List<String> keys = new ArrayList<>();
        List<Profile> profiles = new ArrayList<>();
        try (KeyValueIterator<String, Profile> it = pendingStore.all()) {
            while (it.hasNext() && keys.size() < max) {
                KeyValue<String, Profile> kv = it.next();
                keys.add(kv.key);
                profiles.add(kv.value);
            }
        }
        if (discover) {
            LOG.info("Discovering communities from the first {} profile(s)", profiles.size());
        }
        CompletableFuture<LocalCommunityAssigner.Prepared> result;
        try {
            result = CompletableFuture.supplyAsync(() -> assigner.prepare(profiles, discover), background);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        inFlight = new Job(keys, profiles, result);
        return true;
    }

    private void applyFinished(long timestamp) {
        Job job = inFlight;
        inFlight = null;
        Map<String, Community> before = byId(assigner.communities());
        LocalCommunityAssigner.Prepared prepared = null;
        String failure = null;
        try {
            prepared = job.result().join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            failure = "embedding the batch failed: " + cause;
            LOG.error("Community batch of {} profile(s) failed ({}); each is dead-lettered", job.profiles().size(), cause.toString());
        }
        if (prepared != null) {
            for (LocalCommunityAssigner.Outcome o : assigner.apply(prepared)) {
                forward(o.profile(), o.ok() ? new CommunityEvent.Assigned(o.assignment()) : new CommunityEvent.Failed(o.profile(), o.failure()),
                        timestamp);
            }
        } else {
            for (Profile p : job.profiles()) {
                forward(p, new CommunityEvent.Failed(p, failure), timestamp);
            }
        }
        Map<String, Community> after = byId(assigner.communities());
        after.forEach((id, community) -> {
            Community old = before.get(id);
            if (old == null || old.size() != community.size() || !old.label().equals(community.label())) {
                context.forward(new Record<>(id, new CommunityEvent.Changed(community), timestamp));
            }
        });
        before.keySet().stream().filter(id -> !after.containsKey(id))
                .forEach(id -> context.forward(new Record<>(id, new CommunityEvent.Removed(id), timestamp)));
        modelStore.put(MODEL_KEY, assigner.snapshot());
        job.keys().forEach(pendingStore::delete);
        pendingCount -= job.keys().size();
        firstPendingAt = pendingCount > 0 ? context.currentSystemTimeMs() : -1;
    }

    private void forward(Profile profile, CommunityEvent event, long timestamp) {
        context.forward(new Record<>(profile.userId(), event, timestamp));
    }

    /**
     * With communities.method=llm and no communities yet, the pending profiles are sent to the model once (off the
     * stream thread; the profiles stay in the changelogged pending store
     * meanwhile, so a crash re-issues the discovery) and the communities it names become fixed seeds. Returns true
     * when assignment may proceed. If the model fails for good (retries spent), the failure is logged and
     * discovery is asked again a minute later; the profiles keep waiting, safely, in the pending store.
     */
    private boolean discovered() {
        if (discovery == null || !assigner.communities().isEmpty()) {
            return true;
        }
        if (pendingCount == 0) {
            return false;
        }
        if (discovering == null) {
            if (context.currentSystemTimeMs() < retryDiscoveryAt) {
                return false;
            }
            List<Profile> profiles = new ArrayList<>();
            try (KeyValueIterator<String, Profile> it = pendingStore.all()) {
                it.forEachRemaining(kv -> profiles.add(kv.value));
            }
            LOG.info("Asking the model to name the communities of {} profile(s)", profiles.size());
            discovering = discovery.discover(profiles);
            return false;
        }
        if (!discovering.isDone()) {
            return false;
        }
        try {
            LlmCommunityDiscovery.Discovery found = discovering.join();
            // Once, on the stream thread: at most 20 communities of a few texts each, well under a second of embedding.
            List<CommunityModel.Seed> named = OperatorCommunities.toSeeds(found.communities(), embedder);
            named.forEach(seed -> assigner.model().seed(seed, clock.instant()));
            LOG.info("The model named {} communities from {} profile(s): {}", named.size(), found.profilesSent(),
                    found.communities().stream().map(OperatorCommunities.Definition::name).toList());
        } catch (RuntimeException e) {
            LOG.error("Community discovery by the model failed for good ({}); {} profile(s) wait, asking again in a minute",
                    e.getCause() == null ? e.toString() : e.getCause().getMessage(), pendingCount);
            retryDiscoveryAt = context.currentSystemTimeMs() + DISCOVERY_RETRY_MS;
            return false;
        } finally {
            discovering = null;
        }
        return true;
    }

    private static Map<String, Community> byId(Collection<Community> communities) {
        Map<String, Community> out = new HashMap<>();
        communities.forEach(c -> out.put(c.id(), c));
        return out;
    }
}
