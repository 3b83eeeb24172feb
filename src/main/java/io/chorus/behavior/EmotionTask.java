package io.chorus.behavior;

import io.chorus.async.ModelAnswer;
import io.chorus.async.ModelTask;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import io.chorus.model.ScoredPost;
import io.chorus.prompt.PromptTemplate;
import java.util.List;
import java.util.Map;

/**
 * One post's emotions from the model: every configured feature scored 0–100, as a JSON object, parsed strictly
 * ({@link FeatureScores}); an answer missing a feature or out of range is retried, then dead-lettered. Costs one model
 * call per post, which is why it is off unless {@code emotions.enabled=true}. The result is the scored post with its
 * {@code emotions} set. The prompt is the versioned template {@value #TEMPLATE}; the post text goes in its data line.
 */
public final class EmotionTask implements ModelTask<ScoredPost, ScoredPost> {

    public static final String USE = "emotions";
    /** The prompt template's type: {@code emotions-v<N>.txt}. */
    public static final String TEMPLATE = "emotions";

    private final List<String> features;
    private final PromptTemplate template;
    private final Map<String, String> values;

    /** With the latest bundled template. */
    public EmotionTask(List<String> features) {
        this(features, PromptTemplate.bundled(TEMPLATE));
    }

    public EmotionTask(List<String> features, PromptTemplate template) {
        this.features = List.copyOf(features);
        this.template = template;
        this.values = Map.of("emotions", String.join(", ", this.features), "shape", FeatureScores.shape(this.features, false));
    }

    @Override
    public String use() {
        return USE;
    }

    @Override
    public String promptVersion() {
        return template.version();
    }

    @Override
    public String inputId(ScoredPost value) {
        return value.postId();
    }

    @Override
    public Class<ScoredPost> inputType() {
        return ScoredPost.class;
    }

    @Override
    public ChatRequest prepare(ScoredPost scored) {
        PromptTemplate.Rendered prompt = template.render(values, Map.of("post", scored.post().text()));
        return new ChatRequest(prompt.system(), prompt.user(), List.of(), true, 12 * features.size() + 20);
    }

    @Override
    public ScoredPost complete(ScoredPost scored, ModelAnswer answer) throws ModelCallException {
        return scored.withEmotions(FeatureScores.parseScores(answer.text(), features).scores());
    }
}
