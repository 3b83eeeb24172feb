package io.chorus.config;

/**
 * Every topic Chorus reads or writes, with its configuration key and default name. The specs in {@code topics/}
 * (partitions, cleanup policy, retention, JSON Schema) are keyed by {@link #id()}.
 */
public enum TopicId {
    POSTS("posts", "social.posts", Role.INPUT),
    PROFILES("profiles", "social.profiles", Role.INPUT),
    FOLLOWS("follows", "social.follows", Role.INPUT),
    CAMPAIGNS("campaigns", "chorus.campaigns", Role.INPUT),
    SCORED("scored", "chorus.posts.scored", Role.OUTPUT),
    COMMUNITIES("communities", "chorus.communities", Role.OUTPUT),
    ASSIGNMENTS("assignments", "chorus.profiles.communities", Role.OUTPUT),
    ENRICHED("enriched", "chorus.posts.enriched", Role.OUTPUT),
    REPLIES("replies", "chorus.replies", Role.OUTPUT),
    CAPTIONS("captions", "chorus.captions", Role.OUTPUT),
    STATS("stats", "chorus.stats.community-sentiment", Role.OUTPUT),
    BEHAVIOR("behavior", "chorus.profiles.behavior", Role.OUTPUT),
    ALERTS("alerts", "chorus.alerts", Role.OUTPUT),
    TRENDS("trends", "chorus.trends", Role.OUTPUT),
    OUTCOMES("outcomes", "chorus.campaigns.outcomes", Role.OUTPUT),
    DLQ("dlq", "chorus.dlq", Role.OUTPUT),
    LLM_CACHE("llm-cache", "chorus.llm.cache", Role.SHARED);

    /** Inputs are read (and replayed); outputs are written (and redirected in experiments); shared topics are both and never redirected. */
    public enum Role { INPUT, OUTPUT, SHARED }

    private final String id;
    private final String defaultName;
    private final Role role;

    TopicId(String id, String defaultName, Role role) {
        this.id = id;
        this.defaultName = defaultName;
        this.role = role;
    }

    public String id() {
        return id;
    }

    public String defaultName() {
        return defaultName;
    }

    public Role role() {
        return role;
    }

    /** The configuration key that renames this topic, e.g. {@code topic.posts}. */
    public String configKey() {
        return "topic." + id;
    }

    public static TopicId byId(String id) {
        for (TopicId t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown topic id '" + id + "'");
    }
}
