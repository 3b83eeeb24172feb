package io.chorus.media;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chorus.llm.ChatModelClient;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ChatResult;
import io.chorus.llm.MediaModelClient;
import io.chorus.llm.ModelCallException;
import io.chorus.serde.Json;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A media endpoint seen as a {@link ChatModelClient}, so that it runs through the same async machinery as text (the
 * {@code ModelGateway}: bounded, timed out, retried, rate-limited, cached). The request's user message is the
 * prompt; the answer's bytes go to the {@link MediaStore} <em>here</em>, on the executor, and the "text" of the
 * answer is a small JSON reference ({@link MediaAnswer}). So the response cache, and its compacted topic, hold
 * references and never media bytes, and the file exists before any record can refer to it.
 *
 * <p>Media the store refuses (over {@code media.max.bytes}, not an accepted format) is a non-retriable
 * {@code INVALID_REQUEST}: the output goes to the dead-letter topic with the reason. A disk error is retriable.
 */
public final class StoringMediaClient implements ChatModelClient {

    private final MediaModelClient model;
    private final MediaStore store;

    public StoringMediaClient(MediaModelClient model, MediaStore store) {
        this.model = model;
        this.store = store;
    }

    @Override
    public ChatResult chat(ChatRequest request) throws ModelCallException {
        MediaModelClient.Media media = model.generate(request.user());
        MediaStore.Stored stored;
        try {
            stored = store.put(media.bytes());
        } catch (MediaRejectedException e) {
            throw new ModelCallException(ModelCallException.Kind.INVALID_REQUEST, -1,
                    "media from " + model.endpoint() + " (model " + model.model() + ") refused by the media store: " + e.getMessage(), null, e);
        } catch (UncheckedIOException e) {
            // retriable: a full or unavailable disk may recover; the retries are bounded like any model failure
            throw new ModelCallException(ModelCallException.Kind.SERVER_ERROR, -1, "cannot store media: " + e.getMessage(), null, e);
        }
        MediaInfo info = MediaInfo.of(stored.format(), media.bytes());
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("sha256", stored.sha256());
        ref.put("mimeType", stored.format().mimeType());
        ref.put("sizeBytes", stored.sizeBytes());
        ref.put("width", info.width());
        ref.put("height", info.height());
        ref.put("durationMs", info.durationMs());
        ref.put("revisedPrompt", media.revisedPrompt());
        String text;
        try {
            text = Json.mapper().writeValueAsString(ref);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a media reference", e);
        }
        String answeredBy = media.model() == null || media.model().isBlank() ? model.model() : media.model();
        // No tokens: image and speech endpoints bill per image or per character, which the per-token cost settings
        // of llm.* cannot express, so media calls report no token cost rather than a wrong one.
        return new ChatResult(text, 0, 0, answeredBy);
    }

    @Override
    public String model() {
        return model.model();
    }

    @Override
    public String endpoint() {
        return model.endpoint();
    }

    @Override
    public void close() {
        model.close();
    }
}
