package io.chorus.topology;

import io.chorus.community.CommunityModel;
import io.chorus.community.LocalCommunityAssigner;
import io.chorus.community.ProfileEmbedder;
import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.Profile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import io.chorus.community.LlmCommunityDiscovery;
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
 * topic, so every instance sees one set of communities. Profiles wait in a changelogged pending store until a
 * batch is full or the flush interval passes (wall clock); then they are embedded in one call, assigned in arrival
 * order, and the model's snapshot is saved in the same transaction as the outputs, so ids stay stable across
 * restarts and nothing is lost in a crash.
 */
final class AssignCommunities implements Processor<String, Profile, String, CommunityEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(AssignCommunities.class);
    static final String MODEL_KEY = "model";

    private final ProfileEmbedder embedder;
    private final CommunityModel.Settings settings;
    private final List<CommunityModel.Seed> seeds;
    private final Clock clock;
    private final int batchSize;
    private final Duration flushInterval;
    private final String modelStoreName;
    private final String pendingStoreName;

    private ProcessorContext<String, CommunityEvent> context;
    private KeyValueStore<String, CommunityModel.Snapshot> modelStore;
    private KeyValueStore<String, Profile> pendingStore;
    private LocalCommunityAssigner assigner;
    private long nextSeq;
    private int pendingCount;
    private final LlmCommunityDiscovery discovery;
    private CompletableFuture<LlmCommunityDiscovery.Discovery> discovering;
    private long retryDiscoveryAt;
    static final long DISCOVERY_RETRY_MS = 60_000;

    AssignCommunities(ProfileEmbedder embedder, CommunityModel.Settings settings, List<CommunityModel.Seed> seeds, Clock clock,
                      int batchSize, Duration flushInterval, String modelStoreName, String pendingStoreName) {
        this(embedder, settings, seeds, clock, batchSize, flushInterval, modelStoreName, pendingStoreName, null);
    }

    /** With {@code discovery} (communities.method=llm), the model names the communities before the first assignment. */
    AssignCommunities(ProfileEmbedder embedder, CommunityModel.Settings settings, List<CommunityModel.Seed> seeds, Clock clock,
                      int batchSize, Duration flushInterval, String modelStoreName, String pendingStoreName,
                      LlmCommunityDiscovery discovery) {
        this.discovery = discovery;
        this.embedder = embedder;
        this.settings = settings;
        this.seeds = List.copyOf(seeds);
        this.clock = clock;
        this.batchSize = batchSize;
        this.flushInterval = flushInterval;
        this.modelStoreName = modelStoreName;
        this.pendingStoreName = pendingStoreName;
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
        try (KeyValueIterator<String, Profile> it = pendingStore.all()) {
            while (it.hasNext()) {
                KeyValue<String, Profile> kv = it.next();
                nextSeq = Math.max(nextSeq, Long.parseLong(kv.key) + 1);
                pendingCount++;
            }
        }
        LOG.info("Community writer {} with {} communities and {} pending profile(s)", snapshot == null ? "started" : "restored",
                assigner.communities().size(), pendingCount);
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(Record<String, Profile> record) {
        if (record.value() == null || record.value().userId() == null) {
            return; // a deleted profile: its last assignment stays until a new profile arrives
        }
        pendingStore.put(String.format("%019d", nextSeq++), record.value());
        if (++pendingCount >= batchSize) {
            flush(record.timestamp());
        }
    }

    private void flush(long timestamp) {
        if (pendingCount == 0 || !discovered()) {
            return;
        }
        List<String> keys = new ArrayList<>();
        List<Profile> profiles = new ArrayList<>();
        try (KeyValueIterator<String, Profile> it = pendingStore.all()) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                profiles.add(kv.value);
            });
        }
        Map<String, Community> before = byId(assigner.communities());
        List<CommunityAssignment> assignments = assigner.assignAll(profiles);
        for (CommunityAssignment a : assignments) {
            context.forward(new Record<>(a.userId(), new CommunityEvent.Assigned(a), timestamp));
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
        keys.forEach(pendingStore::delete);
        pendingCount = 0;
    }

    /**
     * With communities.method=llm and no communities yet, the pending profiles are sent to the model once (off the
     * stream thread; they stay in the changelogged pending store meanwhile, so a crash re-issues the discovery) and
     * the communities it names become fixed seeds. Returns true when assignment may proceed. If the model fails for
     * good (retries spent), the failure is logged and discovery is asked again a minute later; the profiles keep
     * waiting, safely, in the pending store.
     */
    private boolean discovered() {
        if (discovery == null || !assigner.communities().isEmpty()) {
            return true;
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
            var found = discovering.join();
            var seeds = io.chorus.community.OperatorCommunities.toSeeds(found.communities(), embedder);
            seeds.forEach(seed -> assigner.model().seed(seed, clock.instant()));
            LOG.info("The model named {} communities from {} profile(s): {}", seeds.size(), found.profilesSent(),
                    found.communities().stream().map(io.chorus.community.OperatorCommunities.Definition::name).toList());
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

    private static Map<String, Community> byId(java.util.Collection<Community> communities) {
        Map<String, Community> out = new HashMap<>();
        communities.forEach(c -> out.put(c.id(), c));
        return out;
    }
}
