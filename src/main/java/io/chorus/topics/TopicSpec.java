package io.chorus.topics;

import io.chorus.config.TopicId;

import com.fasterxml.jackson.annotation.JsonCreator;
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
 * @param valueSchema   JSON Schema of the value: enforced on input topics ({@link TopicSchemas}), the documented contract of outputs
 * @param timestampType {@code message.timestamp.type}: {@code LogAppendTime} for outputs, so that time retention counts
 *                      from when Chorus wrote a record, not from the (possibly years old) event time it carries in its
 *                      value; {@code CreateTime} (the default, also when absent) for inputs
 */
public record TopicSpec(String id, String name, String description, String keyField, int partitions,
                        String cleanupPolicy, long retentionMs, JsonNode valueSchema, String timestampType) {

    public static final String CREATE_TIME = "CreateTime";
    public static final String LOG_APPEND_TIME = "LogAppendTime";

    /** A spec with the default timestamp type ({@code CreateTime}). */
    public TopicSpec(String id, String name, String description, String keyField, int partitions,
                     String cleanupPolicy, long retentionMs, JsonNode valueSchema) {
        this(id, name, description, keyField, partitions, cleanupPolicy, retentionMs, valueSchema, null);
    }

    @JsonCreator
    public TopicSpec {
        timestampType = timestampType == null ? CREATE_TIME : timestampType;
        if (!timestampType.equals(CREATE_TIME) && !timestampType.equals(LOG_APPEND_TIME)) {
            throw new IllegalArgumentException("topic spec '" + name + "': timestampType must be CreateTime or LogAppendTime");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic spec '" + name + "': partitions must be >= 1");
        }
        if (!cleanupPolicy.equals("delete") && !cleanupPolicy.equals("compact") && !cleanupPolicy.equals("compact,delete")) {
            throw new IllegalArgumentException("topic spec '" + name + "': cleanupPolicy must be delete, compact or compact,delete");
        }
    }

    /** The topic config that {@link #timestampType()} sets. */
    public static final String TIMESTAMP_TYPE_CONFIG = "message.timestamp.type";

    /** Topic-level configs to create the topic with. */
    public Map<String, String> topicConfigs() {
        Map<String, String> configs = new HashMap<>();
        configs.put("cleanup.policy", cleanupPolicy);
        configs.put("retention.ms", Long.toString(retentionMs));
        configs.put(TIMESTAMP_TYPE_CONFIG, timestampType);
        return configs;
    }
}
