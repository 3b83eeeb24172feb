package io.chorus.topology;

import io.chorus.deadletter.DeadLetterSettings;
import io.chorus.model.CachedResponse;
import io.chorus.serde.JsonSerde;
import io.chorus.topics.TopicId;
import io.chorus.topics.Topics;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;

/**
 * Dead letters for the topics read by global stores (campaigns, communities, the model response cache). A global
 * store's thread cannot produce, so a bad record there is only skipped (see {@code DeadLetterDeserializationHandler});
 * and a topic cannot be both a global source and a regular source of one topology. This small second application
 * ({@code <application.id>-global-audit}) reads the same topics as regular streams with the same serdes, so the same
 * validation fails and the regular dead-letter path writes each bad record once (exactly once: its offsets and dead
 * letters commit together). Valid records are read and dropped; the global stores are the ones that use them.
 */
public final class GlobalStoreAudit {

    /** Appended to the application id to name the audit application (its group, transactional ids, state). */
    public static final String APPLICATION_SUFFIX = "-global-audit";

    private GlobalStoreAudit() {
    }

    /** The audit of {@code main}'s global-store topics, or null when {@code main} has no global store. */
    public static Topology build(Topology main, Topics topics) {
        TreeSet<String> globalTopics = new TreeSet<>();
        for (TopologyDescription.GlobalStore store : main.describe().globalStores()) {
            globalTopics.addAll(store.source().topicSet());
        }
        if (globalTopics.isEmpty()) {
            return null;
        }
        Map<String, Serde<?>> serdes = Map.of(topics.campaigns.name(), topics.campaigns.valueSerde(),
                topics.communities.name(), topics.communities.valueSerde(),
                topics.name(TopicId.LLM_CACHE), JsonSerde.of(CachedResponse.class));
        StreamsBuilder builder = new StreamsBuilder();
        for (String topic : globalTopics) {
            Serde<?> serde = serdes.getOrDefault(topic, Serdes.ByteArray());
            String id = idOf(topics, topic);
            builder.stream(topic, Consumed.with(Serdes.ByteArray(), serde).withName("audit-" + id + "-source"))
                    .foreach((key, value) -> { }, Named.as("audit-" + id + "-checked"));
        }
        return builder.build();
    }

    /**
     * The main application's streams properties under the audit's application id, with no global topics declared, so
     * that the handlers dead-letter (this application reads the topics as regular streams) instead of skipping.
     */
    public static Properties properties(Properties main) {
        Properties props = new Properties();
        props.putAll(main);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, main.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + APPLICATION_SUFFIX);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(DeadLetterSettings.GLOBAL_TOPICS_CONFIG, "");
        props.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return props;
    }

    private static String idOf(Topics topics, String topic) {
        return topics.names().entrySet().stream().filter(e -> e.getValue().equals(topic)).map(e -> e.getKey().id())
                .findFirst().orElse(topic.replaceAll("[^A-Za-z0-9_-]", "_"));
    }
}
