package io.chorus.behavior;

import io.chorus.async.ModelAnswer;
import io.chorus.async.ModelTask;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import io.chorus.model.BehaviorProfile;
import io.chorus.model.BehaviorRequest;
import java.time.Clock;
import io.chorus.prompt.PromptTemplate;
import java.util.List;
import java.util.Map;

/**
 * A behavioral profile from the model, with the course's profile prompt: score each configured feature of the person
 * from 0 to 100 with a one-line reason, from their last posts. The prompt is the versioned template
 * {@value #TEMPLATE}; the posts go in its data line. The answer is parsed
 * strictly ({@link FeatureScores}); the locally computed valence statistics, posting rate and community are kept.
 * The profile's previous version is attached when it is stored, not here.
 */
public final class BehaviorTask implements ModelTask<BehaviorRequest, BehaviorProfile> {

    public static final String USE = "behavior";
    /** The prompt template's type: {@code behavior-v<N>.txt}. */
    public static final String TEMPLATE = "behavior";

    private final List<String> features;
    private final PromptTemplate template;
    private final Map<String, String> values;
    private final Clock clock;
    private final int maxImages;

    /** With the latest bundled template. */
    public BehaviorTask(List<String> features, Clock clock) {
        this(features, clock, PromptTemplate.bundled(TEMPLATE));
    }

    public BehaviorTask(List<String> features, Clock clock, PromptTemplate template) {
        this(features, clock, template, 0);
    }

    /**
     * @param maxImages the newest image URLs of the window sent with the posts ({@code behavior.images.max}; 0: text
     *                  only), so that a vision-capable model reads features from what the author posts as images too
     */
    public BehaviorTask(List<String> features, Clock clock, PromptTemplate template, int maxImages) {
        this.maxImages = maxImages;
        this.features = List.copyOf(features);
        this.clock = clock;
        this.template = template;
        this.values = Map.of("features", String.join(", ", this.features), "shape", FeatureScores.shape(this.features, true));
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
    public String inputId(BehaviorRequest value) {
        return value.inputId();
    }

    @Override
    public Class<BehaviorRequest> inputType() {
        return BehaviorRequest.class;
    }

    @Override
    public ChatRequest prepare(BehaviorRequest request) {
        List<String> posts = request.posts().stream().map(BehaviorRequest.WindowPost::text).toList();
        List<String> images = request.imageUrls(maxImages);
        // The images go as attachments, as captions send theirs; the data line says how many there are.
        PromptTemplate.Rendered prompt = template.render(values, images.isEmpty() ? Map.of("posts", posts)
                : Map.of("posts", posts, "imagesAttached", images.size()));
        return new ChatRequest(prompt.system(), prompt.user(), images, true, 60 * features.size() + 40);
    }

    @Override
    public BehaviorProfile complete(BehaviorRequest request, ModelAnswer answer) throws ModelCallException {
        FeatureScores.Parsed parsed = FeatureScores.parseWithReasons(answer.text(), features);
        return new BehaviorProfile(BehaviorProfile.SCHEMA_VERSION, request.userId(), request.version(), parsed.scores(),
                parsed.reasons(), request.valence(), request.postsPerHour(), request.communityId(), request.postIds(), answer.model(),
                template.version(), false, null, clock.instant(), null, request.imageUrls(maxImages));
    }
}
