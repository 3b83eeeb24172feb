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

    AssignCommunities(ProfileEmbedder embedder, CommunityModel.Settings settings, List<CommunityModel.Seed> seeds, Clock clock,
                      int batchSize, Duration flushInterval, String modelStoreName, String pendingStoreName) {
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
        if (pendingCount == 0) {
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

    private static Map<String, Community> byId(java.util.Collection<Community> communities) {
        Map<String, Community> out = new HashMap<>();
        communities.forEach(c -> out.put(c.id(), c));
        return out;
    }
}
