package io.chorus.generation;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.async.ModelAnswer;
import io.chorus.async.ModelTask;
import io.chorus.async.RequestIds;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import io.chorus.model.ContentType;
import io.chorus.model.GeneratedContent;
import io.chorus.model.GenerationRequest;
import io.chorus.prompt.PromptTemplate;
import io.chorus.sentiment.SentimentScorer;
import io.chorus.serde.Json;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * Model-written content through the async processor: the versioned template for the content type, rendered with
 * the campaign (instructions) and the persona and post (the data line, see {@link PromptTemplate}); images for
 * captions and narrations;
 * a JSON answer with bridge, text and rationale (image content adds {@code image_prompt}, what to draw). The rationale goes in the output, never in the text; the
 * disclosure label is added when the model left it out; the text's own sentiment is scored locally.
 */
public final class GenerationTask implements ModelTask<GenerationRequest, GenerationResult> {

    public static final String USE = "generation";

    private final Map<ContentType, PromptTemplate> templates = new EnumMap<>(ContentType.class);
    private final String model;
    private final SentimentScorer scorer;
    private final Clock clock;
    private final String promptVersion;

    public GenerationTask(String promptsDir, String model, SentimentScorer scorer, Clock clock) {
        for (ContentType type : ContentType.values()) {
            templates.put(type, PromptTemplate.latest(promptsDir, type.wireName()));
        }
        this.model = model;
        this.scorer = scorer;
        this.clock = clock;
        this.promptVersion = String.join("+", templates.values().stream().map(PromptTemplate::version).toList());
    }

    @Override
    public String use() {
        return USE;
    }

    @Override
    public String promptVersion() {
        return promptVersion;
    }

    @Override
    public String inputId(GenerationRequest value) {
        return value.inputId();
    }

    @Override
    public Class<GenerationRequest> inputType() {
        return GenerationRequest.class;
    }

    public PromptTemplate template(ContentType type) {
        return templates.get(type);
    }

    @Override
    public ChatRequest prepare(GenerationRequest request) {
        PromptTemplate.Rendered prompt = render(request);
        return new ChatRequest(prompt.system(), prompt.user(), PromptValues.images(request), true, 400);
    }

    /** The prompt of {@code request}: the campaign fills the instructions, the persona and post are the data line. */
    public PromptTemplate.Rendered render(GenerationRequest request) {
        return templates.get(request.contentType()).render(PromptValues.trusted(request), PromptValues.data(request));
    }

    @Override
    public GenerationResult complete(GenerationRequest request, ModelAnswer answer) throws ModelCallException {
        JsonNode json;
        try {
            json = Json.mapper().readTree(answer.text());
        } catch (Exception e) {
            throw unparseable("not JSON", answer.text());
        }
        if (json == null || !json.isObject() || !json.hasNonNull("text") || json.get("text").asText().isBlank()) {
            throw unparseable("no 'text' field", answer.text());
        }
        PromptTemplate t = templates.get(request.contentType());
        String text = Guardrails.withDisclosure(json.get("text").asText(), request.campaign().disclosure());
        String bridge = json.hasNonNull("bridge") ? json.get("bridge").asText() : null;
        String rationale = json.hasNonNull("rationale") ? json.get("rationale").asText() : null;
        var post = request.post();
        GeneratedContent content = new GeneratedContent(GeneratedContent.SCHEMA_VERSION,
                RequestIds.requestId(request.inputId(), USE, promptVersion, model), post.postId(), post.authorId(),
                post.communityId(), request.campaign().id(), request.contentType(), text, bridge, rationale, answer.model(),
                t.version(), false, answer.latencyMs(), answer.tokensIn(), answer.tokensOut(), answer.costUsd(), answer.cached(),
                scorer.score(text).score(), clock.instant());
        String imagePrompt = request.contentType().isImage() && json.hasNonNull("image_prompt") ? json.get("image_prompt").asText() : null;
        return new GenerationResult(request, content, render(request).system(), imagePrompt, null);
    }

    private static ModelCallException unparseable(String what, String text) {
        String shown = text == null ? "null" : text.length() > 120 ? text.substring(0, 120) + "..." : text;
        return new ModelCallException(ModelCallException.Kind.UNPARSEABLE_ANSWER,
                "expected a JSON object with bridge, text and rationale (" + what + "): " + shown);
    }
}
