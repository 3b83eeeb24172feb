package io.chorus.topology;

import io.chorus.deadletter.DeadLetterSettings;
import io.chorus.deadletter.DeadLetters;
import io.chorus.serde.ErrorReason;
import io.chorus.model.CachedResponse;
import io.chorus.serde.JsonSerde;
import io.chorus.config.ChorusConfig;
import io.chorus.generation.Guardrails;
import io.chorus.model.Campaign;
import io.chorus.config.TopicId;
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
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters for the topics read by global stores (campaigns, communities, the model response cache). A global
 * store's thread cannot produce, so a bad record there is only skipped (see {@code DeadLetterDeserializationHandler});
 * and a topic cannot be both a global source and a regular source of one topology. This small second application
 * ({@code <application.id>-global-audit}) reads the same topics as regular streams with the same serdes, so the same
 * validation fails and the regular dead-letter path writes each bad record once (exactly once: its offsets and dead
 * letters commit together). Valid records are read and dropped; the global stores are the ones that use them.
 * It also dead-letters what the main application can file nowhere and would skip silently: a record without a key on
 * a global-store topic or on the profiles topic (read as a table), as {@code MISSING_KEY}; and a campaign the
 * guardrails refuse, which the global store keeps but targeting never uses, as {@code CAMPAIGN_REFUSED} with the
 * refusal in the message header (so that every campaign record ends as a usable campaign or a dead letter).
 */
public final class GlobalStoreAudit {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalStoreAudit.class);

    /** Appended to the application id to name the audit application (its group, transactional ids, state). */
    public static final String APPLICATION_SUFFIX = "-global-audit";

    private GlobalStoreAudit() {
    }

    /** The audit of {@code main}'s global-store topics, or null when {@code main} has no global store. */
    public static Topology build(Topology main, ChorusConfig config) {
        Topics topics = Topics.from(config);
        TreeSet<String> globalTopics = new TreeSet<>();
        for (TopologyDescription.GlobalStore store : main.describe().globalStores()) {
            globalTopics.addAll(store.source().topicSet());
        }
        if (globalTopics.isEmpty()) {
            return null;
        }
        boolean readsProfiles = main.describe().subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(n -> n instanceof TopologyDescription.Source)
                .anyMatch(n -> ((TopologyDescription.Source) n).topicSet().contains(topics.profiles.name()));
        Map<String, Serde<?>> serdes = Map.of(topics.campaigns.name(), topics.campaigns.valueSerde(),
                topics.communities.name(), topics.communities.valueSerde(),
                topics.name(TopicId.LLM_CACHE), JsonSerde.of(CachedResponse.class));
        StreamsBuilder builder = new StreamsBuilder();
        for (String topic : globalTopics) {
            Serde<?> serde = serdes.getOrDefault(topic, Serdes.ByteArray());
            String id = idOf(topics, topic);
            KStream<byte[], Object> source = builder.stream(topic, Consumed.with(Serdes.ByteArray(), (Serde<Object>) serde)
                    .withName("audit-" + id + "-source"));
            // what the global store's processor cannot file: a record without a key
            source.filter((key, value) -> key == null, Named.as("audit-" + id + "-without-key"))
                    .mapValues(value -> value == null ? null : ((Serde<Object>) serde).serializer().serialize(topic, value),
                            Named.as("audit-" + id + "-bytes"))
                    .processValues(() -> new DeadLetterWithoutKey(id), Named.as("audit-" + id + "-dead-letter"))
                    .to(topics.dlq.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("audit-" + id + "-dlq-sink"));
            if (topic.equals(topics.campaigns.name())) {
                // a campaign the store keeps but targeting never uses: refused by the guardrails
                Guardrails guardrails = GenerationStage.guardrails(config);
                JsonSerde<Campaign> campaignSerde = (JsonSerde<Campaign>) topics.campaigns.valueSerde();
                source.filter((key, value) -> key != null && value instanceof Campaign c && guardrails.refuseCampaign(c).isPresent(),
                                Named.as("audit-campaigns-refused"))
                        .mapValues(value -> (Campaign) value, Named.as("audit-campaigns-refused-value"))
                        .processValues(() -> new DeadLetterRefused(guardrails, campaignSerde, topic), Named.as("audit-campaigns-refused-dead-letter"))
                        .to(topics.dlq.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("audit-campaigns-refused-dlq-sink"));
            }
        }
        if (readsProfiles) {
            // The profiles table's source skips a record without a key (Kafka Streams only counts it in dropped-records);
            // bad values are the main application's to dead-letter, so only keyless records are read here, as bytes.
            builder.stream(topics.profiles.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("audit-profiles-source"))
                    .filter((key, value) -> key == null, Named.as("audit-profiles-without-key"))
                    .processValues(() -> new DeadLetterWithoutKey("profiles"), Named.as("audit-profiles-dead-letter"))
                    .to(topics.dlq.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("audit-profiles-dlq-sink"));
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

    /** A keyless record as a dead letter: its bytes unchanged, MISSING_KEY and its coordinates in the headers. */
    private static final class DeadLetterWithoutKey extends ContextualFixedKeyProcessor<byte[], byte[], byte[]> {
        private final String id;

        DeadLetterWithoutKey(String id) {
            this.id = id;
        }

        @Override
        public void process(FixedKeyRecord<byte[], byte[]> record) {
            var meta = context().recordMetadata();
            String topic = meta.map(m -> m.topic()).orElse(null);
            int partition = meta.map(m -> m.partition()).orElse(-1);
            long offset = meta.map(m -> m.offset()).orElse(-1L);
            LOG.warn("Dead-lettering record from {}-{} at offset {}: MISSING_KEY (a {} record needs its key to be filed)", topic,
                    partition, offset, id);
            var headers = DeadLetters.headers(record.headers(), ErrorReason.MISSING_KEY, "audit:" + id,
                    new IllegalArgumentException("a " + id + " record without a key cannot be filed"), topic, partition, offset);
            context().forward(record.withHeaders(headers));
        }
    }

    /** A refused campaign as a dead letter: the campaign as JSON, CAMPAIGN_REFUSED and the refusal in the headers. */
    private static final class DeadLetterRefused extends ContextualFixedKeyProcessor<byte[], Campaign, byte[]> {
        private final Guardrails guardrails;
        private final JsonSerde<Campaign> serde;
        private final String topic;

        DeadLetterRefused(Guardrails guardrails, JsonSerde<Campaign> serde, String topic) {
            this.guardrails = guardrails;
            this.serde = serde;
            this.topic = topic;
        }

        @Override
        public void process(FixedKeyRecord<byte[], Campaign> record) {
            var meta = context().recordMetadata();
            String topic = meta.map(m -> m.topic()).orElse(null);
            int partition = meta.map(m -> m.partition()).orElse(-1);
            long offset = meta.map(m -> m.offset()).orElse(-1L);
            String refusal = guardrails.refuseCampaign(record.value()).orElse("refused");
            LOG.warn("Dead-lettering campaign from {}-{} at offset {}: CAMPAIGN_REFUSED ({}); it stays stored but is never used",
                    topic, partition, offset, refusal);
            var headers = DeadLetters.headers(record.headers(), ErrorReason.CAMPAIGN_REFUSED, "audit:campaigns",
                    new IllegalArgumentException(refusal), topic, partition, offset);
            context().forward(record.withValue(serde.serializer().serialize(this.topic, record.value())).withHeaders(headers));
        }
    }

    private static String idOf(Topics topics, String topic) {
        return topics.names().entrySet().stream().filter(e -> e.getValue().equals(topic)).map(e -> e.getKey().id())
                .findFirst().orElse(topic.replaceAll("[^A-Za-z0-9_-]", "_"));
    }
}
