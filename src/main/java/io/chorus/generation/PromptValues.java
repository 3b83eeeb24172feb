package io.chorus.generation;

import io.chorus.model.Campaign;
import io.chorus.model.ContentType;
import io.chorus.model.GenerationRequest;
import io.chorus.model.ImageRef;
import io.chorus.model.Persona;
import io.chorus.model.Post;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a generation prompt is rendered from: the campaign's fields (the operator's, trusted) fill the template's
 * placeholders; the persona, the post and its alt texts (written by users of the network, untrusted) are the data.
 */
final class PromptValues {

    private PromptValues() {
    }

    /** The trusted placeholder values: the campaign's. */
    static Map<String, String> trusted(GenerationRequest request) {
        Campaign c = request.campaign();
        Map<String, String> v = new HashMap<>();
        v.put("topic", c.topic());
        v.put("stance", c.stance() == null ? "support " + c.topic() : c.stance());
        v.put("target_sentiment", c.targetSentiment() == null ? "70" : String.valueOf(Math.round(c.targetSentiment())));
        v.put("style_examples", c.styleExamples().isEmpty() ? "(none given: write plainly)"
                : c.styleExamples().stream().map(e -> "- " + e).collect(Collectors.joining("\n")));
        return v;
    }

    /** The untrusted data: for replies, posts and images the persona and the post; for captions and narrations the post and its alt texts. */
    static Map<String, Object> data(GenerationRequest request) {
        Post post = request.post().scored().post();
        Map<String, Object> d = new LinkedHashMap<>();
        ContentType type = request.contentType();
        if (type == ContentType.REPLY || type == ContentType.POST || type.isImage()) {
            d.put("persona", persona(request.persona()));
        }
        d.put("post", post.text());
        if (type == ContentType.CAPTION || type == ContentType.NARRATION) {
            d.put("altTexts", post.images().stream().map(i -> i.altText() == null ? "(no alt text)" : i.altText()).toList());
        }
        return d;
    }

    static Map<String, Object> persona(Persona p) {
        Map<String, Object> s = new LinkedHashMap<>();
        put(s, "name", p.name());
        put(s, "handle", p.handle());
        put(s, "bio", p.bio());
        put(s, "location", p.location());
        put(s, "community", p.communityLabel());
        put(s, "behavioralProfile", p.behavior());
        if (!p.recentPosts().isEmpty()) {
            s.put("recentPosts", p.recentPosts());
        }
        if (!p.follows().isEmpty()) {
            s.put("follows", p.follows());
        }
        return s;
    }

    static List<String> images(GenerationRequest request) {
        List<ImageRef> images = request.post().scored().post().images();
        return switch (request.contentType()) {
            case CAPTION -> images.stream().limit(1).map(ImageRef::url).filter(u -> u != null && !u.isBlank()).toList();
            case NARRATION -> images.stream().map(ImageRef::url).filter(u -> u != null && !u.isBlank()).toList();
            default -> List.of();
        };
    }

    private static void put(Map<String, Object> s, String name, String value) {
        if (value != null && !value.isBlank()) {
            s.put(name, value);
        }
    }
}
