package io.chorus.generation;

import io.chorus.model.Campaign;
import io.chorus.model.GenerationRequest;
import io.chorus.model.ImageRef;
import io.chorus.model.Persona;
import io.chorus.model.Post;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The placeholder values of a generation request; untrusted text is neutralised so it cannot close its tags. */
final class PromptValues {

    private PromptValues() {
    }

    static Map<String, String> of(GenerationRequest request) {
        Campaign c = request.campaign();
        Post post = request.post().scored().post();
        Map<String, String> v = new HashMap<>();
        v.put("topic", c.topic());
        v.put("stance", c.stance() == null ? "support " + c.topic() : c.stance());
        v.put("target_sentiment", c.targetSentiment() == null ? "70" : String.valueOf(Math.round(c.targetSentiment())));
        v.put("style_examples", c.styleExamples().isEmpty() ? "(none given: write plainly)"
                : c.styleExamples().stream().map(e -> "- " + e).collect(Collectors.joining("\n")));
        v.put("persona", data(persona(request.persona())));
        v.put("post", data(post.text()));
        v.put("alt_text", data(post.images().stream().map(i -> i.altText() == null ? "(no alt text)" : i.altText())
                .collect(Collectors.joining("\n"))));
        return v;
    }

    static String persona(Persona p) {
        StringBuilder s = new StringBuilder();
        line(s, "Name", p.name());
        line(s, "Handle", p.handle());
        line(s, "Bio", p.bio());
        line(s, "Location", p.location());
        line(s, "Community", p.communityLabel());
        line(s, "Behavioral profile", p.behavior());
        if (!p.recentPosts().isEmpty()) {
            s.append("Recent posts:\n");
            p.recentPosts().forEach(r -> s.append("- ").append(r).append('\n'));
        }
        if (!p.follows().isEmpty()) {
            s.append("Follows: ").append(String.join("; ", p.follows())).append('\n');
        }
        return s.toString().strip();
    }

    static List<String> images(GenerationRequest request) {
        List<ImageRef> images = request.post().scored().post().images();
        return switch (request.contentType()) {
            case CAPTION -> images.stream().limit(1).map(ImageRef::url).filter(u -> u != null && !u.isBlank()).toList();
            case NARRATION -> images.stream().map(ImageRef::url).filter(u -> u != null && !u.isBlank()).toList();
            default -> List.of();
        };
    }

    private static void line(StringBuilder s, String name, String value) {
        if (value != null && !value.isBlank()) {
            s.append(name).append(": ").append(value).append('\n');
        }
    }

    /** Data must not be able to close the tags it sits in. */
    private static String data(String text) {
        return text == null ? "" : text.replace("</", "< /");
    }
}
