package io.chorus.behavior;

import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import io.chorus.config.ChorusConfig;
import io.chorus.model.BehaviorProfile;
import io.chorus.model.BehaviorRequest;
import io.chorus.model.BehaviorRequest.WindowPost;
import io.chorus.model.EnrichedPost;
import io.chorus.serde.JsonSerde;
import io.chorus.topics.Topics;
import io.chorus.prompt.PromptTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behavioral profiles and per-post emotions.
 *
 * <p>Profiles: on the enriched posts keyed by author, {@code behavior-window-update} keeps each author's last
 * {@code behavior.window.posts} posts ({@value #WINDOW_STORE}) and asks for a build only when one is due: after
 * {@code behavior.refresh.posts} new posts, or when {@code behavior.refresh.interval.ms} of event time has passed
 * since the last build and at least one new post arrived (checked when a post arrives, in event time so replays
 * agree; there is no timer, so an author who stops posting keeps their last profile). Never one build per post
 * (unless configured so). A build is
 * offline (honest local statistics, marked) or one model call through the async processor ({@link BehaviorTask}).
 * {@code behavior-store-profile} attaches the previous version, keeps the latest profile in {@value #PROFILES_STORE}
 * (read by campaign targeting in the same sub-topology) and writes it to {@code chorus.profiles.behavior}.
 *
 * <p>Per-post emotions are their own stage ({@link EmotionStage}).
 */
public final class BehaviorStage implements Stage {

    public static final String WINDOW_STORE = "behavior-window";
    public static final String PROFILES_STORE = "behavior-profiles";

    private static final Spec SPEC = Spec.of("behavior").enabledWhen(ChorusConfig.COMMUNITIES_ENABLED, ChorusConfig.BEHAVIOR_ENABLED)
            .usesModelWhen(ChorusConfig.BEHAVIOR_MODEL, "llm").needs(Ports.ENRICHED_BY_AUTHOR);

    @Override
    public Spec spec() {
        return SPEC;
    }

    /** Attaches profile building to the author-keyed enriched stream; publishes the name of the latest-profile store. */
    @Override
    public void attach(StageContext context) {
        StreamsBuilder builder = context.builder();
        ChorusConfig config = context.config();
        Topics topics = context.topics();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOW_STORE), Serdes.String(),
                JsonSerde.of(BehaviorWindow.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILES_STORE), Serdes.String(),
                topics.behavior.valueSerde()));

        int keep = config.getInt(ChorusConfig.BEHAVIOR_WINDOW_POSTS);
        int everyPosts = config.getInt(ChorusConfig.BEHAVIOR_REFRESH_POSTS);
        Duration interval = Duration.ofMillis(config.getLong(ChorusConfig.BEHAVIOR_REFRESH_INTERVAL_MS));
        KStream<String, BehaviorRequest> requests = context.get(Ports.ENRICHED_BY_AUTHOR).process(
                () -> new UpdateWindow(WINDOW_STORE, keep, everyPosts, interval), Named.as("behavior-window-update"), WINDOW_STORE);

        Clock clock = context.clock();
        KStream<String, BehaviorProfile> built = context.modelOrLocal(requests, usesModel(config), ChorusConfig.BEHAVIOR_MODEL + "=llm",
                gateway -> new BehaviorTask(config.getList(ChorusConfig.BEHAVIOR_FEATURES), clock,
                        PromptTemplate.latest(config.getString(ChorusConfig.GENERATION_PROMPTS_DIR), BehaviorTask.TEMPLATE),
                        config.getInt(ChorusConfig.BEHAVIOR_IMAGES_MAX)),
                () -> r -> BehaviorProfiles.offline(r, clock), "behavior-offline");
        built.processValues(() -> new StoreProfile(PROFILES_STORE), Named.as("behavior-store-profile"), PROFILES_STORE)
                .to(topics.behavior.name(), Produced.with(topics.behavior.keySerde(), topics.behavior.valueSerde()).withName("behavior-sink"));
        context.publish(Ports.BEHAVIOR_PROFILES_STORE, PROFILES_STORE);
    }

    /** Keeps each author's window and emits a build request when the refresh policy says one is due. */
    static final class UpdateWindow implements Processor<String, EnrichedPost, String, BehaviorRequest> {
        private final String storeName;
        private final int keep;
        private final int everyPosts;
        private final Duration interval;
        private ProcessorContext<String, BehaviorRequest> context;
        private KeyValueStore<String, BehaviorWindow> store;

        UpdateWindow(String storeName, int keep, int everyPosts, Duration interval) {
            this.storeName = storeName;
            this.keep = keep;
            this.everyPosts = everyPosts;
            this.interval = interval;
        }

        @Override
        public void init(ProcessorContext<String, BehaviorRequest> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, EnrichedPost> record) {
            EnrichedPost e = record.value();
            String author = e.authorId();
            Instant at = Instant.ofEpochMilli(record.timestamp());
            BehaviorWindow before = store.get(author);
            BehaviorWindow window = (before == null ? BehaviorWindow.empty() : before)
                    .withPost(new WindowPost(e.postId(), e.scored().post().text(), e.scored().score(), at, imageUrls(e)), keep);
            if (due(window, at)) {
                long version = window.lastVersion() + 1;
                context.forward(record.withValue(new BehaviorRequest(BehaviorRequest.SCHEMA_VERSION, author, version, window.posts(),
                        e.communityId(), BehaviorProfiles.valence(window.posts(), e.scored().scorer()),
                        BehaviorProfiles.postsPerHour(window.posts()), at)));
                window = window.built(version, at);
            }
            store.put(author, window);
        }

        private static List<String> imageUrls(EnrichedPost e) {
            var images = e.scored().post().images();
            return images == null ? List.of() : images.stream().map(i -> i == null ? null : i.url())
                    .filter(u -> u != null && !u.isBlank()).toList();
        }

        /** K new posts, or the interval passed (event time) since the last build with at least one new post. */
        private boolean due(BehaviorWindow w, Instant at) {
            if (w.newPosts() >= everyPosts) {
                return true;
            }
            return w.newPosts() > 0 && w.lastBuiltAt() != null && !at.isBefore(w.lastBuiltAt().plus(interval));
        }
    }

    /**
     * Attaches the stored profile as {@code previous}, keeps the new one as the latest and forwards it. A result older
     * than the stored one (possible with unordered async emission) is dropped, so the store only moves forward.
     */
    static final class StoreProfile extends ContextualFixedKeyProcessor<String, BehaviorProfile, BehaviorProfile> {
        private static final Logger LOG = LoggerFactory.getLogger(StoreProfile.class);
        private final String storeName;
        private KeyValueStore<String, BehaviorProfile> store;

        StoreProfile(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, BehaviorProfile> context) {
            super.init(context);
            this.store = context.getStateStore(storeName);
        }

        @Override
        public void process(FixedKeyRecord<String, BehaviorProfile> record) {
            BehaviorProfile profile = record.value();
            BehaviorProfile stored = store.get(profile.userId());
            if (stored != null && stored.version() >= profile.version()) {
                LOG.info("Dropping behavior profile v{} of {}: v{} is already stored", profile.version(), profile.userId(), stored.version());
                return;
            }
            BehaviorProfile latest = profile.withHistory(profile.version(), stored == null ? null : stored.asPrevious());
            store.put(latest.userId(), latest);
            context().forward(record.withValue(latest));
        }
    }
}
