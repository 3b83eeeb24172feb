package io.chorus.community;

import io.chorus.stage.Port;
import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import io.chorus.deadletter.DeadLetters;
import io.chorus.serde.ErrorReason;
import io.chorus.serde.Json;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import io.chorus.config.ChorusConfig;
import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.EnrichedPost;
import io.chorus.model.Profile;
import io.chorus.model.ScoredPost;
import io.chorus.serde.JsonSerde;
import io.chorus.topics.Topics;
import io.chorus.prompt.PromptTemplate;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Communities: profiles to the single community writer, its outputs to {@code chorus.profiles.communities} and
 * {@code chorus.communities}, the communities read back everywhere as a global table, and scored posts enriched
 * with their author's community and profile to {@code chorus.posts.enriched}.
 */
public final class CommunityStage implements Stage {

    /** The profile embedder and operator seeds, published by the topology when communities can run. */
    public static final Port<CommunityDeps> EMBEDDING = Port.named("community-embedding");

    /** The enriched stream together with the author-info table it was joined with (for re-enrichment). */
    static final Port<Enriched> ENRICHED_WITH_AUTHORS = Port.named("enriched-with-authors");

    static final String MODEL_STORE = "community-model";
    static final String PENDING_STORE = "community-pending";
    static final String PROFILES_TABLE = "profiles-table";
    static final String ASSIGNMENTS_TABLE = "assignments-table";
    static final String COMMUNITIES_GLOBAL = "communities-global";

    @Override
    public String name() {
        return "communities";
    }

    @Override
    public boolean enabled(ChorusConfig config) {
        return config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED);
    }

    @Override
    public boolean usesModel(ChorusConfig config) {
        return "llm".equals(config.getString(ChorusConfig.COMMUNITIES_METHOD));
    }

    @Override
    public List<Port<?>> needs() {
        return List.of(Ports.SCORED, EMBEDDING);
    }

    /**
     * The community writer and the enrichment of scored posts; publishes {@link Ports#ENRICHED_BY_AUTHOR}. Without a
     * profile embedder ({@link #EMBEDDING}; topology tests of sentiment alone) this stage is left out, and so is every
     * stage that needs the enriched stream.
     */
    @Override
    public void attach(StageContext context) {
        KTable<String, Profile> profiles = attachWriter(context, context.get(EMBEDDING));
        Enriched enriched = enrichWithAuthors(context.builder(), context.get(Ports.SCORED), profiles, context.topics());
        context.publish(ENRICHED_WITH_AUTHORS, enriched);
        context.publish(Ports.ENRICHED_BY_AUTHOR, enriched.byAuthor());
    }

    /** Reads profiles as a table and runs the community writer on their changes. */
    static KTable<String, Profile> attachWriter(StageContext context, CommunityDeps communityDeps) {
        StreamsBuilder builder = context.builder();
        ChorusConfig config = context.config();
        Topics topics = context.topics();
        KTable<String, Profile> profiles = builder.table(topics.profiles.name(),
                Consumed.with(topics.profiles.keySerde(), topics.profiles.valueSerde()).withName("profiles-source"),
                Materialized.<String, Profile, KeyValueStore<Bytes, byte[]>>as(PROFILES_TABLE)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.profiles.valueSerde()));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MODEL_STORE), Serdes.String(),
                JsonSerde.of(CommunityModel.Snapshot.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(),
                topics.profiles.valueSerde()));

        boolean llm = "llm".equals(config.getString(ChorusConfig.COMMUNITIES_METHOD));
        CommunityModel.Settings settings = CommunityModel.Settings.defaults()
                // With model-named communities every profile joins the nearest one, unless a threshold is set explicitly.
                .withNewCommunityThreshold(llm && !config.originals().containsKey(ChorusConfig.COMMUNITIES_THRESHOLD)
                        ? -1.0 : config.getDouble(ChorusConfig.COMMUNITIES_THRESHOLD))
                .withMergeThreshold(config.getDouble(ChorusConfig.COMMUNITIES_MERGE_THRESHOLD));
        LlmCommunityDiscovery discovery = llm
                ? new LlmCommunityDiscovery(context.requireGateway(ChorusConfig.COMMUNITIES_METHOD + "=llm"),
                LlmCommunityDiscovery.DEFAULT_MAX_PROFILES, LlmCommunityDiscovery.DEFAULT_MAX_PROMPT_CHARS,
                PromptTemplate.latest(config.getString(ChorusConfig.GENERATION_PROMPTS_DIR), LlmCommunityDiscovery.TEMPLATE)) : null;
        AssignCommunities.Batching batching = new AssignCommunities.Batching(config.getInt(ChorusConfig.COMMUNITIES_BATCH_SIZE),
                Duration.ofMillis(config.getLong(ChorusConfig.COMMUNITIES_FLUSH_MS)),
                config.getInt(ChorusConfig.COMMUNITIES_DISCOVERY_PROFILES),
                Duration.ofMillis(config.getLong(ChorusConfig.COMMUNITIES_DISCOVERY_WAIT_MS)));
        WardClustering clustering = discoveryOf(config);

        var events = profiles.toStream(Named.as("profile-changes"))
                .repartition(Repartitioned.<String, Profile>as("profiles-single-writer").withKeySerde(Serdes.String())
                        .withValueSerde(topics.profiles.valueSerde()).withNumberOfPartitions(1))
                .process(() -> new AssignCommunities(communityDeps.embedder(), settings, communityDeps.seeds(), context.clock(), batching,
                        clustering, MODEL_STORE, PENDING_STORE, discovery), Named.as("assign-communities"), MODEL_STORE, PENDING_STORE);

        var branches = events.split(Named.as("community-event-"))
                .branch((k, e) -> e instanceof CommunityEvent.Assigned, Branched.as("assigned"))
                .branch((k, e) -> e instanceof CommunityEvent.Failed, Branched.as("failed"))
                .defaultBranch(Branched.as("community"));
        branches.get("community-event-failed")
                .processValues(DeadLetterProfile::new, Named.as("community-dead-letter"))
                .to(topics.dlq.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("community-dlq-sink"));
        branches.get("community-event-assigned")
                .mapValues(e -> ((CommunityEvent.Assigned) e).assignment(), Named.as("assignment-value"))
                .to(topics.assignments.name(), Produced.with(Serdes.String(), topics.assignments.valueSerde()).withName("assignments-sink"));
        branches.get("community-event-community")
                .mapValues(e -> e instanceof CommunityEvent.Changed c ? c.community() : null, Named.as("community-value"))
                .to(topics.communities.name(), Produced.with(Serdes.String(), topics.communities.valueSerde()).withName("communities-sink"));
        return profiles;
    }

    /** Batch discovery as configured, or null when {@code communities.discovery.profiles} is 0 (online clustering only). */
    static WardClustering discoveryOf(ChorusConfig config) {
        if (config.getInt(ChorusConfig.COMMUNITIES_DISCOVERY_PROFILES) == 0) {
            return null;
        }
        WardClustering.Settings d = WardClustering.Settings.defaults();
        return new WardClustering(new WardClustering.Settings(d.minCommunities(),
                config.getInt(ChorusConfig.COMMUNITIES_DISCOVERY_MAX), d.minShare(), d.minMembers()));
    }

    /** A profile the writer could not assign, as a dead letter: the profile as JSON, the reason in headers. */
    private static final class DeadLetterProfile extends ContextualFixedKeyProcessor<String, CommunityEvent, byte[]> {
        @Override
        public void process(FixedKeyRecord<String, CommunityEvent> record) {
            CommunityEvent.Failed failed = (CommunityEvent.Failed) record.value();
            var meta = context().recordMetadata();
            var headers = DeadLetters.headers(record.headers(), ErrorReason.PROCESSING_ERROR, "communities",
                    new IllegalArgumentException(failed.reason()), meta.map(m -> m.topic()).orElse(null),
                    meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L));
            byte[] value;
            try {
                value = Json.mapper().writeValueAsBytes(failed.profile());
            } catch (Exception e) {
                value = String.valueOf(failed.profile()).getBytes(StandardCharsets.UTF_8);
            }
            context().forward(record.withValue(value).withHeaders(headers));
        }
    }

    /** The enriched posts keyed by author id, and the author-info table (profile and assignment) they were joined with. */
    record Enriched(KStream<String, EnrichedPost> byAuthor, KTable<String, AuthorInfo> authors) {
    }

    /** Joins scored posts (any key) with their author's profile and community; returns them keyed by author id. */
    static KStream<String, EnrichedPost> enrich(StreamsBuilder builder, KStream<String, ScoredPost> scored,
                                               KTable<String, Profile> profiles, Topics topics) {
        return enrichWithAuthors(builder, scored, profiles, topics).byAuthor();
    }

    /** As {@link #enrich}, also exposing the author-keyed author-info table (co-partitioned with the enriched stream). */
    static Enriched enrichWithAuthors(StreamsBuilder builder, KStream<String, ScoredPost> scored,
                                      KTable<String, Profile> profiles, Topics topics) {
        KTable<String, CommunityAssignment> assignments = builder.table(topics.assignments.name(),
                Consumed.with(Serdes.String(), topics.assignments.valueSerde()).withName("assignments-source"),
                Materialized.<String, CommunityAssignment, KeyValueStore<Bytes, byte[]>>as(ASSIGNMENTS_TABLE)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.assignments.valueSerde()));
        GlobalKTable<String, Community> communities = builder.globalTable(topics.communities.name(),
                Consumed.with(Serdes.String(), topics.communities.valueSerde()).withName("communities-source"),
                Materialized.<String, Community, KeyValueStore<Bytes, byte[]>>as(COMMUNITIES_GLOBAL)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.communities.valueSerde()));

        JsonSerde<AuthorInfo> authorSerde = JsonSerde.of(AuthorInfo.class);
        KTable<String, AuthorInfo> authors = profiles.outerJoin(assignments, AuthorInfo::new, Named.as("author-info"),
                Materialized.<String, AuthorInfo, KeyValueStore<Bytes, byte[]>>as("author-info-table")
                        .withKeySerde(Serdes.String()).withValueSerde(authorSerde));

        KStream<String, EnrichedPost> enriched = scored
                .selectKey((k, s) -> s.authorId(), Named.as("key-by-author"))
                .repartition(Repartitioned.<String, ScoredPost>as("scored-by-author").withKeySerde(Serdes.String())
                        .withValueSerde(topics.scored.valueSerde()))
                .leftJoin(authors, CommunityStage::enrichedOf, Joined.<String, ScoredPost, AuthorInfo>as("enrich-author")
                        .withKeySerde(Serdes.String()).withValueSerde(topics.scored.valueSerde()).withOtherValueSerde(authorSerde))
                .leftJoin(communities, (authorId, e) -> e.communityId(), CommunityStage::withCurrentLabel, Named.as("enrich-community"));
        enriched.selectKey((authorId, e) -> e.postId(), Named.as("enriched-key-by-post-id")).to(topics.name(io.chorus.config.TopicId.ENRICHED),
                Produced.with(Serdes.String(), JsonSerde.of(EnrichedPost.class)).withName("enriched-sink"));
        return new Enriched(enriched, authors);
    }

    private static EnrichedPost enrichedOf(ScoredPost scored, AuthorInfo author) {
        CommunityAssignment a = author == null ? null : author.assignment();
        Profile profile = author == null ? null : author.profile();
        return new EnrichedPost(EnrichedPost.SCHEMA_VERSION, scored.postId(), scored.authorId(), scored,
                a == null ? EnrichedPost.UNASSIGNED : a.communityId(), a == null ? null : a.communityLabel(),
                a == null ? null : a.confidence(), profile);
    }

    private static EnrichedPost withCurrentLabel(EnrichedPost e, Community community) {
        if (community == null) {
            return e;
        }
        return new EnrichedPost(e.schemaVersion(), e.postId(), e.authorId(), e.scored(), e.communityId(), community.label(),
                e.communityConfidence(), e.profile());
    }
}
