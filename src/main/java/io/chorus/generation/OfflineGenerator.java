package io.chorus.generation;

import io.chorus.async.RequestIds;
import io.chorus.model.Campaign;
import io.chorus.model.GeneratedContent;
import io.chorus.model.GenerationRequest;
import io.chorus.model.ImageRef;
import io.chorus.model.Persona;
import io.chorus.sentiment.SentimentScorer;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Content without a model: fixed templates that use the bridge, the persona and the campaign, honestly marked as
 * offline output (model {@value #MODEL}, {@code offline=true}, and the text says so). Captions and narrations
 * are built from the alt text and post text, since no model looked at the images.
 */
public final class OfflineGenerator {

    public static final String MODEL = "offline-template";
    public static final String PROMPT_VERSION = "offline-v1";
    public static final String MARK = "[offline template, no model]";

    private final BridgeFinder bridges;
    private final SentimentScorer scorer;
    private final Clock clock;

    public OfflineGenerator(BridgeFinder bridges, SentimentScorer scorer, Clock clock) {
        this.bridges = bridges;
        this.scorer = scorer;
        this.clock = clock;
    }

    public GenerationResult generate(GenerationRequest request) {
        Campaign c = request.campaign();
        String bridge = request.bridge() != null ? request.bridge() : bridges == null ? null : bridges.find(request.persona(), c);
        String body = switch (request.contentType()) {
            case REPLY -> reply(request.persona(), c, bridge);
            case POST -> post(c, bridge);
            case CAPTION -> caption(request.post().scored().post().images(), c, bridge);
            case NARRATION -> narration(request.post().scored().post().images(), c, bridge);
        };
        String text = Guardrails.withDisclosure(body + " " + MARK, c.disclosure());
        var post = request.post();
        GeneratedContent content = new GeneratedContent(GeneratedContent.SCHEMA_VERSION,
                RequestIds.requestId(request.inputId(), GenerationTask.USE, PROMPT_VERSION, MODEL), post.postId(), post.authorId(),
                post.communityId(), c.id(), request.contentType(), text, bridge, null, MODEL, PROMPT_VERSION, true, 0, 0, 0, 0.0,
                false, scorer.score(text).score(), clock.instant());
        return new GenerationResult(request, content, null);
    }

    private static String reply(Persona p, Campaign c, String bridge) {
        String who = p.name() == null || p.name().isBlank() ? "there" : p.name().split(" ")[0];
        String why = bridge == null ? "" : " Since " + bridge + " seems to matter to you, this may be worth a look:";
        return "Hi " + who + "!" + why + " " + sentence(stance(c));
    }

    private static String post(Campaign c, String bridge) {
        String opener = bridge == null ? "A thought on " + c.topic() + "." : "Thinking about " + bridge + " and " + c.topic() + " today.";
        return opener + " " + sentence(stance(c));
    }

    private static String caption(List<ImageRef> images, Campaign c, String bridge) {
        String alt = images.isEmpty() || images.get(0).altText() == null || images.get(0).altText().isBlank()
                ? "a photo shared with this post" : images.get(0).altText().strip();
        return "Image: " + sentence(alt) + (bridge == null ? "" : " A reminder of " + bridge + ", and of " + c.topic() + ".");
    }

    private static String narration(List<ImageRef> images, Campaign c, String bridge) {
        StringBuilder s = new StringBuilder("In " + images.size() + " pictures:");
        for (int i = 0; i < images.size(); i++) {
            String alt = images.get(i).altText() == null || images.get(i).altText().isBlank() ? "an image without alt text" : images.get(i).altText().strip();
            s.append(i == 0 ? " first " : i == images.size() - 1 ? "; finally " : "; then ").append(lowerFirst(alt));
        }
        s.append('.');
        if (bridge != null) {
            s.append(" A story about ").append(bridge).append(", and about ").append(c.topic()).append('.');
        }
        return s.toString();
    }

    private static String stance(Campaign c) {
        return c.stance() == null || c.stance().isBlank() ? "consider supporting " + c.topic() : c.stance();
    }

    private static String sentence(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return t;
        }
        t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        return t.matches(".*[.!?]$") ? t : t + ".";
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
