package io.chorus.media;

import io.chorus.async.AsyncSettings;
import io.chorus.async.AsyncStage;
import io.chorus.async.ModelGateway;
import io.chorus.config.ChorusConfig;
import io.chorus.generation.GenerationResult;
import io.chorus.generation.Guardrails;
import io.chorus.model.ContentType;
import io.chorus.model.MediaRef;
import io.chorus.stage.Port;
import io.chorus.topics.Topics;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Media for generated outputs, between generation and the output check: images for {@code image} and
 * {@code image_post} content, and optionally voiced narrations. Everything else passes through untouched.
 *
 * <ul>
 *   <li>{@code media.image.model=offline}: {@code media-offline-card} draws an offline {@link ContentCard} and stores it,
 *       on the stream thread (a few milliseconds, no I/O but one local file write).</li>
 *   <li>{@code media.image.model=llm}: {@code image-prompt-check} (guardrails on the prompt), then the async processor
 *       ({@code image-async}, {@link MediaTask} over a {@link StoringMediaClient}), then merged back.</li>
 *   <li>{@code media.speech.enabled=true}: the same for narrations ({@code speech-prompt-check}, {@code speech-async}).</li>
 * </ul>
 * In every path the file is written before the result moves on, and content the guardrails refuse (a blocked prompt,
 * media the store refuses) carries a {@link GenerationResult#refusal()}, which the output check turns into a dead
 * letter. There is no offline speech: without an endpoint a narration stays text.
 */
public final class MediaStage {

    /** Where the topology publishes the media store and endpoints ({@code TopologyDeps.media()}) for this stage. */
    public static final Port<MediaDeps> DEPS = Port.named("media-deps");

    private MediaStage() {
    }

    /** True when images or speech call a model endpoint. */
    public static boolean usesModel(ChorusConfig config) {
        return "llm".equals(config.getString(ChorusConfig.MEDIA_IMAGE_MODEL)) || config.getBoolean(ChorusConfig.MEDIA_SPEECH_ENABLED);
    }

    /** The store from {@code media.dir} and {@code media.max.bytes}. */
    public static MediaStore store(ChorusConfig config) {
        return new MediaStore(config.mediaDir(), config.getLong(ChorusConfig.MEDIA_MAX_BYTES));
    }

    /**
     * The store of a topology built without media dependencies (topology tests, embedded uses; {@code chorus run}
     * and the demo always pass them): {@code media.dir} when it is set, else a per-user directory under the JVM's
     * temporary directory, so that such builds never write into the user's home.
     */
    static MediaStore fallbackStore(ChorusConfig config) {
        java.nio.file.Path dir = config.originals().containsKey(ChorusConfig.MEDIA_DIR) && !config.getString(ChorusConfig.MEDIA_DIR).isBlank()
                ? config.mediaDir()
                : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "chorus-media-" + System.getProperty("user.name"));
        return new MediaStore(dir, config.getLong(ChorusConfig.MEDIA_MAX_BYTES));
    }

    /**
     * Attaches the media steps to {@code results} and returns the results with media.
     *
     * @param media the store and endpoints; null for {@link #fallbackStore} and offline cards
     */
    public static KStream<String, GenerationResult> attach(StreamsBuilder builder, KStream<String, GenerationResult> results,
                                                           ChorusConfig config, MediaDeps media, Clock clock, Topics topics,
                                                           Guardrails guardrails, String cacheStore) {
        List<String> batched = config.getList(ChorusConfig.ASYNC_BATCH_USES);
        if (batched.contains(MediaTask.IMAGE_USE) || batched.contains(MediaTask.SPEECH_USE)) {
            // a media endpoint makes one file per request; several prompts in one request would make one file for all
            throw new ConfigException(ChorusConfig.ASYNC_BATCH_USES, String.join(",", batched),
                    "image and speech calls cannot be batched (one request makes one file); remove them from the list");
        }
        MediaDeps deps = media != null ? media : MediaDeps.offline(fallbackStore(config));
        KStream<String, GenerationResult> out;
        if ("llm".equals(config.getString(ChorusConfig.MEDIA_IMAGE_MODEL))) {
            ModelGateway gateway = require(deps.imageGateway(), ChorusConfig.MEDIA_IMAGE_MODEL + "=llm");
            String version = "image-" + config.getString(ChorusConfig.MEDIA_IMAGE_SIZE);
            out = viaModel(builder, results, new MediaTask(MediaTask.IMAGE_USE, version, deps.store(), GenerationResult::promptForImage, clock),
                    gateway, config, topics, guardrails, cacheStore, r -> r.content().contentType().isImage());
        } else {
            int[] size = config.size(ChorusConfig.MEDIA_CARD_SIZE);
            ContentCard card = new ContentCard(size[0], size[1]);
            out = results.processValues(() -> new AttachCard(deps.store(), card, guardrails, clock), Named.as("media-offline-card"));
        }
        if (config.getBoolean(ChorusConfig.MEDIA_SPEECH_ENABLED)) {
            ModelGateway gateway = require(deps.speechGateway(), ChorusConfig.MEDIA_SPEECH_ENABLED + "=true");
            String version = "speech-" + config.getString(ChorusConfig.LLM_SPEECH_VOICE);
            out = viaModel(builder, out, new MediaTask(MediaTask.SPEECH_USE, version, deps.store(), MediaStage::spokenText, clock),
                    gateway, config, topics, guardrails, cacheStore, r -> r.content().contentType() == ContentType.NARRATION);
        }
        return out;
    }

    /** What a voiced narration says: its text, disclosure included (the listener hears it too). */
    static String spokenText(GenerationResult r) {
        return r.content().text();
    }

    private static KStream<String, GenerationResult> viaModel(StreamsBuilder builder, KStream<String, GenerationResult> in, MediaTask task,
                                                              ModelGateway gateway, ChorusConfig config, Topics topics, Guardrails guardrails,
                                                              String cacheStore, Predicate<GenerationResult> needsMedia) {
        String use = task.use();
        var branches = in.processValues(() -> new CheckPrompt(guardrails, needsMedia, task::prepare), Named.as(use + "-prompt-check"))
                .split(Named.as(use + "-media-"))
                .branch((k, v) -> v.refusal() == null && needsMedia.test(v), Branched.as("call"))
                .defaultBranch(Branched.as("pass"));
        KStream<String, GenerationResult> made = AsyncStage.attach(builder, branches.get(use + "-media-call"), task, gateway,
                AsyncSettings.fromConfig(config), topics, cacheStore);
        return made.merge(branches.get(use + "-media-pass"), Named.as(use + "-media-merge"));
    }

    private static ModelGateway require(ModelGateway gateway, String setting) {
        if (gateway == null) {
            throw new IllegalStateException(setting + " needs a media endpoint (llm.base.url, llm.api.key; see docs/MEDIA.md)");
        }
        return gateway;
    }

    /**
     * The guardrails a media call must pass before it is made: the output rules on the text (so nothing is spent on
     * content that would be refused anyway) and the blocklist on the prompt itself.
     */
    static Optional<String> refusal(Guardrails guardrails, GenerationResult r, String prompt) {
        Optional<String> text = guardrails.refuseOutput(r.content().text(), r.request().campaign().disclosure(), r.systemPrompt());
        return text.isPresent() ? text : guardrails.refusePrompt(prompt);
    }

    /** Marks results whose media prompt the guardrails refuse; the rest pass unchanged. */
    private static final class CheckPrompt extends ContextualFixedKeyProcessor<String, GenerationResult, GenerationResult> {
        private final Guardrails guardrails;
        private final Predicate<GenerationResult> needsMedia;
        private final Function<GenerationResult, io.chorus.llm.ChatRequest> request;

        CheckPrompt(Guardrails guardrails, Predicate<GenerationResult> needsMedia, Function<GenerationResult, io.chorus.llm.ChatRequest> request) {
            this.guardrails = guardrails;
            this.needsMedia = needsMedia;
            this.request = request;
        }

        @Override
        public void process(FixedKeyRecord<String, GenerationResult> record) {
            GenerationResult r = record.value();
            if (r.refusal() == null && needsMedia.test(r)) {
                Optional<String> why = refusal(guardrails, r, request.apply(r).user());
                if (why.isPresent()) {
                    r = r.refused(why.get());
                }
            }
            context().forward(record.withValue(r));
        }
    }

    /** Draws and stores the offline content card of image content, before the result moves on. */
    private static final class AttachCard extends ContextualFixedKeyProcessor<String, GenerationResult, GenerationResult> {
        private final MediaStore store;
        private final ContentCard card;
        private final Guardrails guardrails;
        private final Clock clock;

        AttachCard(MediaStore store, ContentCard card, Guardrails guardrails, Clock clock) {
            this.store = store;
            this.card = card;
            this.guardrails = guardrails;
            this.clock = clock;
        }

        @Override
        public void process(FixedKeyRecord<String, GenerationResult> record) {
            context().forward(record.withValue(withCard(record.value())));
        }

        private GenerationResult withCard(GenerationResult r) {
            if (r.refusal() != null || !r.content().contentType().isImage()) {
                return r;
            }
            String text = r.content().text();
            String disclosure = r.request().campaign().disclosure();
            Optional<String> why = refusal(guardrails, r, text);
            if (why.isPresent()) {
                return r.refused(why.get());
            }
            byte[] png = card.render(text, disclosure);
            MediaStore.Stored stored;
            try {
                stored = store.put(png);
            } catch (MediaRejectedException e) {
                return r.refused("offline content card refused by the media store: " + e.getMessage());
            }
            MediaRef ref = new MediaRef(stored.sha256(), stored.format().mimeType(), stored.sizeBytes(), card.width(), card.height(), null,
                    ContentCard.GENERATOR, text, disclosure, true, false, clock.instant());
            return r.withContent(r.content().withMedia(ref));
        }
    }
}
