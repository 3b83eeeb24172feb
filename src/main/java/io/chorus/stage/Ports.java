package io.chorus.stage;

import io.chorus.model.EnrichedPost;
import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import org.apache.kafka.streams.kstream.KStream;

/** The streams and stores the stages hand each other, in the order the data flows. */
public final class Ports {

    /** Valid posts from {@code social.posts} within the configured event-time range, keyed by author. */
    public static final Port<KStream<String, Post>> POSTS = Port.named("posts");

    /** Scored posts keyed by author (emotions added in place when enabled). */
    public static final Port<KStream<String, ScoredPost>> SCORED = Port.named("scored");

    /** Scored posts with their author's profile and community, keyed by author. */
    public static final Port<KStream<String, EnrichedPost>> ENRICHED_BY_AUTHOR = Port.named("enriched-by-author");

    /** The name of the store holding each author's latest behavioral profile. */
    public static final Port<String> BEHAVIOR_PROFILES_STORE = Port.named("behavior-profiles-store");

    private Ports() {
    }
}
