package io.chorus.topology;

import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import io.chorus.deadletter.DeadLetters;
import io.chorus.community.CommunityDeps;
import io.chorus.community.CommunityStage;
import io.chorus.config.ChorusConfig;
import io.chorus.sentiment.SentimentScorer;
import io.chorus.sentiment.SentimentStage;
import io.chorus.generation.BridgeFinder;
import io.chorus.generation.GenerationResult;
import io.chorus.generation.GenerationTask;
import io.chorus.generation.Guardrails;
import io.chorus.generation.OfflineGenerator;
import io.chorus.media.MediaStage;
import io.chorus.async.AsyncStage;
import io.chorus.model.Campaign;
import io.chorus.model.ContentType;
import io.chorus.model.EnrichedPost;
import io.chorus.model.GeneratedContent;
import io.chorus.model.GenerationRequest;
import io.chorus.serde.ErrorReason;
import io.chorus.serde.Json;
import io.chorus.serde.JsonSerde;
import io.chorus.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Campaigns and generation: campaigns as a global store, targeting with personas and per-author caps, generation
 * (templates offline, or the model through the async processor), the guardrail check on every output, and routing:
 * replies and posts to {@code chorus.replies}; captions, narrations and image content (with media from
 * {@link MediaStage}) to {@code chorus.captions}. Refused outputs go
 * to the dead-letter topic as {@code OUTPUT_REJECTED}.
 */
final class GenerationStage implements Stage {

    static final String CAMPAIGNS_STORE = "campaigns-store";
    static final String MEMORY_STORE = "author-memory";
    static final String CAPS_STORE = "campaign-caps";

    /** Uses the model when texts, images or speech come from one (all share the response cache). */
    private static final Spec SPEC = Spec.of("generation").enabledWhen(ChorusConfig.COMMUNITIES_ENABLED, ChorusConfig.GENERATION_ENABLED)
            .usesModelWhen(c -> writesWithModel(c) || MediaStage.usesModel(c)).needs(Ports.ENRICHED_BY_AUTHOR);

    @Override
    public Spec spec() {
        return SPEC;
    }

    private static boolean writesWithModel(ChorusConfig config) {
        return "llm".equals(config.getString(ChorusConfig.GENERATION_MODEL));
    }

    /**
     * Reads the latest behavioral profile per author ({@link Ports#BEHAVIOR_PROFILES_STORE}) when profiles are on, for
     * audiences with profile feature minimums and the persona's behavior line.
     */
    @Override
    public void attach(StageContext context) {
        StreamsBuilder builder = context.builder();
        ChorusConfig config = context.config();
        SentimentScorer scorer = context.get(SentimentStage.LOCAL_SCORER);
        CommunityDeps communities = context.find(CommunityStage.EMBEDDING).orElse(null);
        Topics topics = context.topics();
        KStream<String, EnrichedPost> enrichedByAuthor = context.get(Ports.ENRICHED_BY_AUTHOR);
        String behaviorStore = context.find(Ports.BEHAVIOR_PROFILES_STORE).orElse(null);
        JsonSerde<Campaign> campaignSerde = (JsonSerde<Campaign>) topics.campaigns.valueSerde();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CAMPAIGNS_STORE), Serdes.String(), campaignSerde)
                        .withLoggingDisabled(), topics.campaigns.name(),
                Consumed.with(Serdes.String(), campaignSerde).withName("campaigns-source"),
                () -> new Processor<String, Campaign, Void, Void>() {
                    private KeyValueStore<String, Campaign> store;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        store = context.getStateStore(CAMPAIGNS_STORE);
                    }

                    @Override
                    public void process(Record<String, Campaign> record) {
                        if (record.key() == null) {
                            return;
                        }
                        if (record.value() == null) {
                            store.delete(record.key());
                        } else {
                            store.put(record.key(), record.value());
                        }
                    }
                });
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MEMORY_STORE), Serdes.String(),
                JsonSerde.of(AuthorMemory.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CAPS_STORE), Serdes.String(), Serdes.Long()));

        builder.stream(topics.follows.name(), Consumed.with(Serdes.String(), topics.follows.valueSerde()).withName("follows-source"))
                .process(() -> new RememberFollows(MEMORY_STORE), Named.as("remember-follows"), MEMORY_STORE);

        Guardrails guardrails = guardrails(config);
        KStream<String, GenerationRequest> requests = enrichedByAuthor.process(() -> new TargetCampaigns(CAMPAIGNS_STORE, MEMORY_STORE,
                CAPS_STORE, guardrails, config.getInt(ChorusConfig.GENERATION_RECENT_POSTS),
                config.getList(ChorusConfig.GENERATION_PERSONA_SOURCES), behaviorStore), Named.as("target-campaigns"),
                behaviorStore == null ? new String[] {MEMORY_STORE, CAPS_STORE} : new String[] {MEMORY_STORE, CAPS_STORE, behaviorStore});

        KStream<String, GenerationResult> results = context.modelOrLocal(requests, writesWithModel(config), ChorusConfig.GENERATION_MODEL + "=llm",
                gateway -> new GenerationTask(config.getString(ChorusConfig.GENERATION_PROMPTS_DIR), gateway.model(), scorer,
                        context.clock()),
                () -> offlineGenerator(communities, scorer, context.clock())::generate, "generate-offline");

        results = MediaStage.attach(builder, results, config, context.find(MediaStage.DEPS).orElse(null), context.clock(), topics,
                guardrails, usesModel(config) ? AsyncStage.CACHE_STORE : null);

        var checked = results.processValues(() -> new CheckOutput(guardrails), Named.as("check-output"))
                .split(Named.as("generated-"))
                .branch((k, v) -> v.rejection() != null, Branched.as("rejected"))
                .branch((k, v) -> v.content().contentType() == ContentType.REPLY || v.content().contentType() == ContentType.POST,
                        Branched.as("replies"))
                .defaultBranch(Branched.as("captions"));
        checked.get("generated-rejected")
                .processValues(DeadLetterRejected::new, Named.as("generated-dead-letter"))
                .to(topics.dlq.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("generated-dlq-sink"));
        checked.get("generated-replies")
                .map((author, v) -> org.apache.kafka.streams.KeyValue.pair(v.content().postId(), v.content()), Named.as("reply-key-by-post-id"))
                .to(topics.replies.name(), Produced.with(Serdes.String(), topics.replies.valueSerde()).withName("replies-sink"));
        checked.get("generated-captions")
                .map((author, v) -> org.apache.kafka.streams.KeyValue.pair(v.content().postId(), v.content()), Named.as("caption-key-by-post-id"))
                .to(topics.captions.name(), Produced.with(Serdes.String(), topics.captions.valueSerde()).withName("captions-sink"));
    }

    /** The guardrails as configured (blocklist, output length); the global-store audit applies the same to campaigns. */
    static Guardrails guardrails(ChorusConfig config) {
        return new Guardrails(config.getList(ChorusConfig.GENERATION_TOPIC_BLOCKLIST), config.getInt(ChorusConfig.GENERATION_MAX_CHARS));
    }

    /** The offline generator, with bridges found by the community embedder when there is one. */
    private static OfflineGenerator offlineGenerator(CommunityDeps communities, SentimentScorer scorer, java.time.Clock clock) {
        BridgeFinder bridges = communities == null ? null : new BridgeFinder(communities.embedder(), BridgeFinder.bundledConcepts());
        return new OfflineGenerator(bridges, scorer, clock);
    }

    /** A generated text with the guardrail's verdict. */
    record Checked(GeneratedContent content, String rejection) {
    }

    /** Applies the output guardrails on the stream thread. */
    private static final class CheckOutput extends ContextualFixedKeyProcessor<String, GenerationResult, Checked> {
        private final Guardrails guardrails;

        CheckOutput(Guardrails guardrails) {
            this.guardrails = guardrails;
        }

        @Override
        public void process(FixedKeyRecord<String, GenerationResult> record) {
            GenerationResult r = record.value();
            Optional<String> refusal = r.refusal() != null ? Optional.of(r.refusal())
                    : guardrails.refuseOutput(r.content().text(), r.request().campaign().disclosure(), r.systemPrompt());
            context().forward(record.withValue(new Checked(r.content(), refusal.orElse(null))));
        }
    }

    /** A refused output as a dead letter: the content as JSON, the reason in headers. */
    private static final class DeadLetterRejected extends ContextualFixedKeyProcessor<String, Checked, byte[]> {
        @Override
        public void process(FixedKeyRecord<String, Checked> record) {
            var meta = context().recordMetadata();
            var headers = DeadLetters.headers(record.headers(), ErrorReason.OUTPUT_REJECTED, "guardrail",
                    new IllegalStateException(record.value().rejection()), meta.map(m -> m.topic()).orElse(null),
                    meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L));
            headers.add("chorus.request.id", record.value().content().requestId().getBytes(StandardCharsets.UTF_8));
            byte[] value;
            try {
                value = Json.mapper().writeValueAsBytes(record.value().content());
            } catch (Exception e) {
                value = String.valueOf(record.value().content()).getBytes(StandardCharsets.UTF_8);
            }
            context().forward(record.withValue(value).withHeaders(headers));
        }
    }
}
