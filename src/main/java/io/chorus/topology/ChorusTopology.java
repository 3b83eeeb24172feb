package io.chorus.topology;

import io.chorus.async.AsyncSettings;
import io.chorus.async.AsyncStage;
import io.chorus.config.ChorusConfig;
import io.chorus.sentiment.LlmSentimentTask;
import io.chorus.model.EnrichedPost;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.model.ScoredPost;
import io.chorus.topics.Replication;
import io.chorus.topics.Topics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The one Chorus topology, used by {@code chorus run}, {@code chorus demo}, replays and the tests. Every
 * processor, store and sink is named; {@code ChorusTopologyDescribeTest} pins the names so an upgrade never
 * silently loses state.
 */
public final class ChorusTopology {

    private ChorusTopology() {
    }

    public static Topology build(ChorusConfig config, TopologyDeps deps) {
        Topics topics = Topics.from(config);
        StreamsBuilder builder = new StreamsBuilder();

        KStream<String, Post> posts = builder.stream(topics.posts.name(),
                Consumed.with(topics.posts.keySerde(), topics.posts.valueSerde())
                        .withTimestampExtractor(new PostTimestampExtractor())
                        .withName("posts-source"));
        posts = posts.processValues(RejectNullValues::new, Named.as("reject-null-posts"));
        posts = EventTimeRange.applyTo(posts, config.getLong(ChorusConfig.INPUT_FROM_MS), config.getLong(ChorusConfig.INPUT_UNTIL_MS));

        KStream<String, ScoredPost> scoredByAuthor = scoreSentiment(builder, posts, config, deps, topics);
        scoredByAuthor = BehaviorStage.scoreEmotions(builder, scoredByAuthor, config, deps, topics);
        scoredByAuthor.selectKey((authorId, s) -> s.postId(), Named.as("key-by-post-id"))
                .to(topics.scored.name(), Produced.with(topics.scored.keySerde(), topics.scored.valueSerde()).withName("scored-sink"));

        if (config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED) && deps.communities() != null) {
            KTable<String, Profile> profiles = CommunityStage.attachWriter(builder, config, deps, topics);
            CommunityStage.Enriched enriched = CommunityStage.enrichWithAuthors(builder, scoredByAuthor, profiles, topics);
            KStream<String, EnrichedPost> enrichedByAuthor = enriched.byAuthor();
            if (config.getBoolean(ChorusConfig.ENRICHMENT_REENRICH_ENABLED)) {
                ReenrichStage.attach(builder, enriched, config.getInt(ChorusConfig.ENRICHMENT_REENRICH_MAX_POSTS), topics);
            }
            AggregateStage.attach(enrichedByAuthor, config.getList(ChorusConfig.STATS_WINDOWS),
                    Duration.ofMillis(config.getLong(ChorusConfig.STATS_GRACE_MS)), topics);
            String behaviorStore = BehaviorStage.enabled(config) ? BehaviorStage.attach(builder, enrichedByAuthor, config, deps, topics) : null;
            if (config.getBoolean(ChorusConfig.GENERATION_ENABLED)) {
                GenerationStage.attach(builder, enrichedByAuthor, config, deps, topics, behaviorStore);
            }
        }

        return builder.build();
    }

    /** Local scoring in place; model scoring through the async processor (never blocking the stream thread). */
    private static KStream<String, ScoredPost> scoreSentiment(StreamsBuilder builder, KStream<String, Post> posts, ChorusConfig config,
                                                             TopologyDeps deps, Topics topics) {
        if (usesModel(config)) {
            AsyncStage.addCacheStore(builder, topics);
        }
        if ("llm".equals(config.getString(ChorusConfig.SENTIMENT_SCORER))) {
            var gateway = deps.requireGateway(ChorusConfig.SENTIMENT_SCORER + "=llm");
            String cacheStore = AsyncStage.CACHE_STORE;
            return AsyncStage.attach(builder, posts, new LlmSentimentTask(deps.clock()), gateway, AsyncSettings.fromConfig(config),
                    topics, cacheStore);
        }
        return posts.mapValues(new ScoreSentiment(deps.scorer(), deps.clock()), Named.as("score-sentiment"));
    }

    /** True when any stage calls the model endpoint (and so needs the response cache). */
    public static boolean usesModel(ChorusConfig config) {
        return "llm".equals(config.getString(ChorusConfig.SENTIMENT_SCORER))
                || (config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED) && config.getBoolean(ChorusConfig.GENERATION_ENABLED)
                && "llm".equals(config.getString(ChorusConfig.GENERATION_MODEL)))
                || BehaviorStage.usesModel(config)
                || (config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED) && "llm".equals(config.getString(ChorusConfig.COMMUNITIES_METHOD)));
    }

    /**
     * Kafka Streams properties for {@code config}: the client settings, exactly-once by default, and the
     * dead-letter handlers wired to the dead-letter topic.
     */
    public static Properties streamsProperties(ChorusConfig config) {
        Topics topics = Topics.from(config);
        Properties props = config.streamsProps();
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.dlq.name());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        props.putIfAbsent(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Replication of internal topics and acks=all, from topics.replication.factor / topics.min.insync.replicas
        // (streams.* settings win). ChorusApp replaces an automatic factor with the one chosen for the cluster's size.
        Replication.staticStreamsSettings(config).forEach(props::putIfAbsent);
        return props;
    }
}
