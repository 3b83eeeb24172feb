package io.chorus.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.async.ModelAnswer;
import io.chorus.async.ModelTask;
import io.chorus.generation.GenerationResult;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import io.chorus.model.MediaRef;
import io.chorus.serde.Json;
import java.time.Clock;
import java.util.function.Function;

/**
 * Makes the media of a generated output through the async processor: the prompt (the image prompt, or the narration
 * to voice) is the request; the answer is the reference a {@link StoringMediaClient} wrote after storing the file.
 * {@link #complete} checks that the file is in the store, so a cached reference whose file is gone (another volume,
 * a deleted orphan) is not used: on a cache hit the processor then calls the endpoint again; on a fresh answer it
 * retries. A record therefore never points at a missing file.
 */
public final class MediaTask implements ModelTask<GenerationResult, GenerationResult> {

    /** Images for image and image_post content. */
    public static final String IMAGE_USE = "image";
    /** Speech for narrations. */
    public static final String SPEECH_USE = "speech";

    private final String use;
    private final String promptVersion;
    private final MediaStore store;
    private final Function<GenerationResult, String> prompt;
    private final Clock clock;

    /**
     * @param promptVersion names what the request depends on besides the prompt (e.g. the image size), for request ids
     * @param prompt        what to send for a result
     */
    public MediaTask(String use, String promptVersion, MediaStore store, Function<GenerationResult, String> prompt, Clock clock) {
        this.use = use;
        this.promptVersion = promptVersion;
        this.store = store;
        this.prompt = prompt;
        this.clock = clock;
    }

    @Override
    public String use() {
        return use;
    }

    @Override
    public String promptVersion() {
        return promptVersion;
    }

    @Override
    public String inputId(GenerationResult value) {
        return value.request().inputId();
    }

    @Override
    public Class<GenerationResult> inputType() {
        return GenerationResult.class;
    }

    @Override
    public ChatRequest prepare(GenerationResult value) {
        return ChatRequest.builder(prompt.apply(value)).build();
    }

    @Override
    public GenerationResult complete(GenerationResult value, ModelAnswer answer) throws ModelCallException {
        JsonNode json;
        try {
            json = Json.mapper().readTree(answer.text());
        } catch (Exception e) {
            throw new ModelCallException(ModelCallException.Kind.UNPARSEABLE_ANSWER, "not a media reference: " + answer.text());
        }
        String hash = json == null ? null : json.path("sha256").asText(null);
        if (!MediaStore.isHash(hash)) {
            throw new ModelCallException(ModelCallException.Kind.UNPARSEABLE_ANSWER, "media reference without a sha256: " + answer.text());
        }
        MediaStore.Stored stored = store.find(hash).orElseThrow(() -> new ModelCallException(ModelCallException.Kind.UNPARSEABLE_ANSWER,
                "media " + hash + " is not in the media store " + store.dir() + " (a cached reference whose file is gone); making it again"));
        MediaRef ref = new MediaRef(hash, stored.format().mimeType(), stored.sizeBytes(), intOrNull(json, "width"), intOrNull(json, "height"),
                json.hasNonNull("durationMs") ? json.get("durationMs").asLong() : null, answer.model(), prompt.apply(value),
                value.request().campaign().disclosure(), false, answer.cached(), clock.instant());
        return value.withContent(value.content().withMedia(ref));
    }

    private static Integer intOrNull(JsonNode json, String field) {
        return json.hasNonNull(field) ? json.get(field).asInt() : null;
    }
}
