package io.chorus.listening;

import io.chorus.model.GeneratedContent;
import java.util.ArrayList;
import java.util.List;

/** The campaigns (and variants) that wrote a reply to one post, so answers to that post can be credited to them. */
public record ReplyTargets(List<Target> targets) {

    /** One campaign's reply: which campaign, which variant. */
    public record Target(String campaignId, String variant) {
    }

    public ReplyTargets {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    static ReplyTargets empty() {
        return new ReplyTargets(List.of());
    }

    static String variantOf(GeneratedContent content) {
        return content.promptVersion() + "/" + content.model();
    }

    ReplyTargets with(GeneratedContent content) {
        Target t = new Target(content.campaignId(), variantOf(content));
        if (targets.contains(t)) {
            return this;
        }
        List<Target> next = new ArrayList<>(targets);
        next.add(t);
        return new ReplyTargets(next);
    }
}
