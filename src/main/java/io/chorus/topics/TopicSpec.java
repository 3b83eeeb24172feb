package io.chorus.topics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The declared shape of one topic, read from {@code topics/<default-name>.json}.
 *
 * @param id            the {@link TopicId#id()} this spec describes
 * @param name          the default topic name (the configured name may differ)
 * @param keyField      the value field whose text is the record key (null for the dead-letter topic)
 * @param retentionMs   -1 for unlimited
 * @param valueSchema   JSON Schema of the value, for documentation and external validators
 */
public record TopicSpec(String id, String name, String description, String keyField, int partitions,
                        String cleanupPolicy, long retentionMs, JsonNode valueSchema) {

    public TopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException("topic spec '" + name + "': partitions must be >= 1");
        }
        if (!cleanupPolicy.equals("delete") && !cleanupPolicy.equals("compact") && !cleanupPolicy.equals("compact,delete")) {
            throw new IllegalArgumentException("topic spec '" + name + "': cleanupPolicy must be delete, compact or compact,delete");
        }
    }

    /** Topic-level configs to create the topic with. */
    public Map<String, String> topicConfigs() {
        Map<String, String> configs = new HashMap<>();
        configs.put("cleanup.policy", cleanupPolicy);
        configs.put("retention.ms", Long.toString(retentionMs));
        return configs;
    }
}
