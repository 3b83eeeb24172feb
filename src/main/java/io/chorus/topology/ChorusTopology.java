package io.chorus.topology;

import io.chorus.deadletter.DeadLetterDeserializationHandler;
import io.chorus.deadletter.DeadLetterProcessingHandler;
import io.chorus.deadletter.DeadLetterProductionHandler;
import io.chorus.deadletter.DeadLetterSettings;
import io.chorus.async.AsyncSettings;
import io.chorus.async.AsyncStage;
import io.chorus.config.ChorusConfig;
import io.chorus.listening.CampaignOutcomes;
import io.chorus.listening.ListeningStage;
import io.chorus.sentiment.LlmSentimentTask;
import io.chorus.model.EnrichedPost;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.model.ScoredPost;
import io.chorus.topics.TopicId;
import io.chorus.topics.Replication;
import io.chorus.topics.Topics;
import io.chorus.prompt.PromptTemplate;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
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
            AggregateStage.attach(enrichedByAuthor, config, topics);
            if (ListeningStage.enabled(config)) {
                ListeningStage.attach(builder, enrichedByAuthor, config, topics);
            }
            String behaviorStore = BehaviorStage.enabled(config) ? BehaviorStage.attach(builder, enrichedByAuthor, config, deps, topics) : null;
            if (config.getBoolean(ChorusConfig.GENERATION_ENABLED)) {
                GenerationStage.attach(builder, enrichedByAuthor, config, deps, topics, behaviorStore);
                if (ListeningStage.enabled(config)) {
                    CampaignOutcomes.attach(builder, scoredByAuthor, topics);
                }
            }
        }

        return builder.build();
    }

    /** Local scoring in place; model scoring through the async processor (never blocking the stream thread). */
    private static KStream<String, ScoredPost> scoreSentiment(StreamsBuilder builder, KStream<String, Post> posts, ChorusConfig config,
                                                             TopologyDeps deps, Topics topics) {
        if (usesModel(config) || usesMediaModel(config)) {
            AsyncStage.addCacheStore(builder, topics);
        }
        if ("llm".equals(config.getString(ChorusConfig.SENTIMENT_SCORER))) {
            var gateway = deps.requireGateway(ChorusConfig.SENTIMENT_SCORER + "=llm");
            String cacheStore = AsyncStage.CACHE_STORE;
            return AsyncStage.attach(builder, posts, new LlmSentimentTask(deps.clock(),
                    PromptTemplate.latest(config.getString(ChorusConfig.GENERATION_PROMPTS_DIR), LlmSentimentTask.TEMPLATE)), gateway, AsyncSettings.fromConfig(config),
                    topics, cacheStore);
        }
        return posts.mapValues(new ScoreSentiment(deps.scorer(), deps.clock()), Named.as("score-sentiment"));
    }

    /** True when generated media (images, speech) come from model endpoints, which share the response cache. */
    static boolean usesMediaModel(ChorusConfig config) {
        return config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED) && config.getBoolean(ChorusConfig.GENERATION_ENABLED)
                && io.chorus.media.MediaStage.usesModel(config);
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
     * dead-letter handlers wired to the dead-letter topic, told which topics feed global stores and how large a dead
     * letter may be. Fails fast when {@code input.max.record.bytes} leaves no room below the producer's
     * {@code max.request.size} for what is derived from an input record.
     */
    public static Properties streamsProperties(ChorusConfig config) {
        Topics topics = Topics.from(config);
        Properties props = config.streamsProps();
        int maxRequest = maxRequestBytes(props);
        int maxInput = config.getInt(ChorusConfig.INPUT_MAX_RECORD_BYTES);
        if (maxInput > maxRequest - DeadLetterSettings.HEADER_ROOM_BYTES) {
            throw new ConfigException(ChorusConfig.INPUT_MAX_RECORD_BYTES, maxInput, "must be at most the producer's max.request.size ("
                    + maxRequest + ") less " + DeadLetterSettings.HEADER_ROOM_BYTES + " bytes of header room; lower it or raise "
                    + "streams.producer.max.request.size (and the topics' max.message.bytes)");
        }
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.dlq.name());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName());
        props.put(DeadLetterSettings.GLOBAL_TOPICS_CONFIG, String.join(",", globalTopics(topics)));
        props.put(DeadLetterSettings.MAX_RECORD_BYTES_CONFIG, Integer.toString(maxRequest - DeadLetterSettings.HEADER_ROOM_BYTES));
        props.putIfAbsent(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Kafka Streams 4.4 warns "Processing exception handler is not enabled for the GlobalThread" from every
        // StreamsConfig it builds (KAFKA-19939), including the partition assignor's own copy, which it builds from the
        // main consumer's settings only; the setting above does not reach that copy, the prefixed one does.
        props.putIfAbsent(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), "true");
        // Replication of internal topics and acks=all, from topics.replication.factor / topics.min.insync.replicas
        // (streams.* settings win). ChorusApp replaces an automatic factor with the one chosen for the cluster's size.
        Replication.staticStreamsSettings(config).forEach(props::putIfAbsent);
        return props;
    }

    /** Every topic a global store may read: the global thread cannot produce dead letters for them. */
    public static List<String> globalTopics(Topics topics) {
        return List.of(topics.campaigns.name(), topics.communities.name(), topics.name(TopicId.LLM_CACHE));
    }

    private static int maxRequestBytes(Properties props) {
        Object v = props.getOrDefault(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                props.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        return v == null ? DeadLetterSettings.DEFAULT_MAX_REQUEST_BYTES : Integer.parseInt(v.toString().trim());
    }
}
