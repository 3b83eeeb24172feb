package io.chorus.topology;

import io.chorus.aggregate.AggregateStage;
import io.chorus.behavior.BehaviorStage;
import io.chorus.behavior.EmotionStage;
import io.chorus.community.CommunityStage;
import io.chorus.community.ReenrichStage;
import io.chorus.sentiment.ScoredOutputStage;
import io.chorus.sentiment.SentimentStage;
import io.chorus.stage.Port;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import io.chorus.deadletter.DeadLetterDeserializationHandler;
import io.chorus.deadletter.DeadLetterProcessingHandler;
import io.chorus.deadletter.DeadLetterProductionHandler;
import io.chorus.deadletter.DeadLetterSettings;
import io.chorus.async.AsyncStage;
import io.chorus.config.ChorusConfig;
import io.chorus.listening.CampaignOutcomes;
import io.chorus.listening.ListeningStage;
import io.chorus.config.TopicId;
import io.chorus.topics.Replication;
import io.chorus.topics.Topics;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Chorus topology, used by {@code chorus run}, {@code chorus demo}, replays and the tests. Every
 * processor, store and sink is named; {@code ChorusTopologyDescribeTest} pins the names so an upgrade never
 * silently loses state.
 */
public final class ChorusTopology {

    private static final Logger LOG = LoggerFactory.getLogger(ChorusTopology.class);

    private ChorusTopology() {
    }

    /**
     * Every capability, in the order the data flows. A stage is attached when it is enabled and what it
     * {@linkplain Stage#needs() needs} was published by the stages before it; nothing else lists the stages.
     */
    public static final List<Stage> STAGES = List.of(
            new InputStage(),
            new SentimentStage(),
            new EmotionStage(),
            new ScoredOutputStage(),
            new CommunityStage(),
            new ReenrichStage(),
            new AggregateStage(),
            new ListeningStage(),
            new BehaviorStage(),
            new GenerationStage(),
            new CampaignOutcomes());

    public static Topology build(ChorusConfig config, TopologyDeps deps) {
        return build(config, deps, STAGES);
    }

    /** The topology of {@code stages} (in order), for a build with extra capabilities (tests, embedding Chorus). */
    public static Topology build(ChorusConfig config, TopologyDeps deps, List<Stage> stages) {
        Topics topics = Topics.from(config);
        StageContext context = new StageContext(new StreamsBuilder(), config, topics, deps.clock(), deps.gateway());
        context.publish(SentimentStage.LOCAL_SCORER, deps.scorer());
        if (deps.communities() != null) {
            context.publish(CommunityStage.EMBEDDING, deps.communities());
        }
        if (deps.media() != null) {
            context.publish(io.chorus.media.MediaStage.DEPS, deps.media());
        }
        boolean cacheAdded = false;
        boolean anyModel = stages.stream().anyMatch(s -> s.enabled(config) && s.usesModel(config));
        for (Stage stage : stages) {
            if (!stage.enabled(config)) {
                continue;
            }
            List<Port<?>> missing = stage.needs().stream().filter(p -> !context.has(p)).toList();
            if (!missing.isEmpty()) {
                LOG.debug("Stage {} not attached: nothing published {}", stage.name(), missing);
                continue;
            }
            if (!cacheAdded && anyModel) {
                // The response cache is shared by every model-backed stage; added once, before the first stage's
                // processors that could read it (after the input source, as the describe snapshot pins).
                if (!(stage instanceof InputStage)) {
                    AsyncStage.addCacheStore(context.builder(), topics);
                    cacheAdded = true;
                }
            }
            stage.attach(context);
        }
        return context.builder().build();
    }

    /** True when any enabled stage calls the model endpoint (and so needs the response cache). */
    public static boolean usesModel(ChorusConfig config) {
        return STAGES.stream().anyMatch(s -> s.enabled(config) && s.usesModel(config));
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
