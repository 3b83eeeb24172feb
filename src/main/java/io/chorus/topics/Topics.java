package io.chorus.topics;

import io.chorus.config.TopicId;

import io.chorus.config.ChorusConfig;
import io.chorus.model.BehaviorProfile;
import io.chorus.model.Campaign;
import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.Follow;
import io.chorus.model.GeneratedContent;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.model.ScoredPost;
import io.chorus.model.Validators;
import io.chorus.serde.JsonSerde;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The immutable registry of topics: resolved name, key serde and value serde together. The topology, the CLI
 * and the tests read names and serdes from here; nobody types a topic name twice.
 */
public final class Topics {

    /** One topic: its identity, its resolved name and its serdes. */
    public record Topic<K, V>(TopicId id, String name, Serde<K> keySerde, Serde<V> valueSerde) {
    }

    public final Topic<String, Post> posts;
    public final Topic<String, Profile> profiles;
    public final Topic<String, Campaign> campaigns;
    public final Topic<String, Follow> follows;
    public final Topic<String, ScoredPost> scored;
    public final Topic<String, Community> communities;
    public final Topic<String, CommunityAssignment> assignments;
    public final Topic<String, GeneratedContent> replies;
    public final Topic<String, GeneratedContent> captions;
    public final Topic<String, BehaviorProfile> behavior;
    public final Topic<byte[], byte[]> dlq;
    private final Map<TopicId, String> names;

    private Topics(ChorusConfig config) {
        names = new EnumMap<>(TopicId.class);
        String suffix = config.getString(ChorusConfig.TOPIC_OUTPUT_SUFFIX);
        for (TopicId id : TopicId.values()) {
            String name = config.getString(id.configKey());
            names.put(id, id.role() == TopicId.Role.OUTPUT ? name + suffix : name);
        }
        int maxRecord = config.getInt(ChorusConfig.INPUT_MAX_RECORD_BYTES);
        TopicSchemas schemas = TopicSchemas.from(config);
        Serde<String> keys = Serdes.String();
        // Inputs are checked at the edge against their topic's JSON Schema (topics/*.json, with input.max.text.chars and
        // input.max.field.chars written in) and capped as a whole record, so that no output derived from them, and no
        // dead letter of them, can exceed what the producer may send.
        posts = new Topic<>(TopicId.POSTS, names.get(TopicId.POSTS), keys, JsonSerde.of(Post.class,
                        Validators.post(Duration.ofMillis(config.getLong(ChorusConfig.INPUT_MAX_FUTURE_MS)), Clock.systemUTC()))
                .withSchema(schemas.check(TopicId.POSTS)).withMaxBytes(maxRecord));
        profiles = new Topic<>(TopicId.PROFILES, names.get(TopicId.PROFILES), keys,
                JsonSerde.of(Profile.class).withSchema(schemas.check(TopicId.PROFILES)).withMaxBytes(maxRecord));
        campaigns = new Topic<>(TopicId.CAMPAIGNS, names.get(TopicId.CAMPAIGNS), keys,
                JsonSerde.of(Campaign.class).withSchema(schemas.check(TopicId.CAMPAIGNS)).withMaxBytes(maxRecord));
        follows = new Topic<>(TopicId.FOLLOWS, names.get(TopicId.FOLLOWS), keys,
                JsonSerde.of(Follow.class).withSchema(schemas.check(TopicId.FOLLOWS)).withMaxBytes(maxRecord));
        scored = new Topic<>(TopicId.SCORED, names.get(TopicId.SCORED), keys, JsonSerde.of(ScoredPost.class));
        communities = new Topic<>(TopicId.COMMUNITIES, names.get(TopicId.COMMUNITIES), keys, JsonSerde.of(Community.class));
        assignments = new Topic<>(TopicId.ASSIGNMENTS, names.get(TopicId.ASSIGNMENTS), keys, JsonSerde.of(CommunityAssignment.class));
        replies = new Topic<>(TopicId.REPLIES, names.get(TopicId.REPLIES), keys, JsonSerde.of(GeneratedContent.class));
        captions = new Topic<>(TopicId.CAPTIONS, names.get(TopicId.CAPTIONS), keys, JsonSerde.of(GeneratedContent.class));
        behavior = new Topic<>(TopicId.BEHAVIOR, names.get(TopicId.BEHAVIOR), keys, JsonSerde.of(BehaviorProfile.class));
        dlq = new Topic<>(TopicId.DLQ, names.get(TopicId.DLQ), Serdes.ByteArray(), Serdes.ByteArray());
    }

    public static Topics from(ChorusConfig config) {
        return new Topics(config);
    }

    /** The resolved name of any topic, including those without a typed field here. */
    public String name(TopicId id) {
        return names.get(id);
    }

    public Map<TopicId, String> names() {
        return Map.copyOf(names);
    }
}
