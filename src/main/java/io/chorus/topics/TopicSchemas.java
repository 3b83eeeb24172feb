package io.chorus.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.config.ChorusConfig;
import io.chorus.config.TopicId;
import io.chorus.serde.JsonSchemaCheck;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The value schemas of the topic specs ({@code topics/*.json}) as enforced contracts, with the configured limits
 * written into them: one source of truth per topic. A schema node marked
 * {@code "x-chorus-limit": "input.max.text.chars"} gets {@code maxLength} set to that setting's value before the
 * schema is compiled, so the number in the file is only the setting's default (a test checks they agree) and the
 * configuration moves the one number the schema enforces. Each topic's schema is compiled once, on first use, and
 * shared by every record and thread.
 */
public final class TopicSchemas {

    private final TopicSpecs specs;
    private final ChorusConfig config;
    private final Map<TopicId, JsonSchemaCheck> compiled = new ConcurrentHashMap<>();

    private TopicSchemas(TopicSpecs specs, ChorusConfig config) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The specs of {@code topics.dir} (or those bundled in the jar) with the limits of {@code config}. */
    public static TopicSchemas from(ChorusConfig config) {
        return new TopicSchemas(TopicSpecs.load(config.getString(ChorusConfig.TOPICS_DIR)), config);
    }

    public static TopicSchemas of(TopicSpecs specs, ChorusConfig config) {
        return new TopicSchemas(specs, config);
    }

    /** The bundled specs with every limit at its default: for tools that read input files without a configuration. */
    public static TopicSchemas defaults() {
        return from(new ChorusConfig(Map.of()));
    }

    /** The compiled schema of {@code id}'s values, with the configured limits. */
    public JsonSchemaCheck check(TopicId id) {
        return compiled.computeIfAbsent(id, t -> JsonSchemaCheck.compile(specs.get(t).name(), schema(t).toString()));
    }

    /**
     * The schema of {@code id}'s values as enforced: the spec's {@code valueSchema} with every marked
     * {@code maxLength} set from the configuration.
     *
     * @throws IllegalStateException when a marker names no integer setting of {@link ChorusConfig}
     */
    public JsonNode schema(TopicId id) {
        TopicSpec spec = specs.get(id);
        JsonNode schema = spec.valueSchema().deepCopy();
        applyLimits(spec.name(), "", schema);
        return schema;
    }

    private void applyLimits(String topic, String pointer, JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode limit = object.get(JsonSchemaCheck.LIMIT_KEYWORD);
            if (limit != null) {
                object.put("maxLength", limitValue(topic, pointer, limit));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                applyLimits(topic, pointer + "/" + field.getKey(), field.getValue());
            }
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                applyLimits(topic, pointer + "/" + i, node.get(i));
            }
        }
    }

    private int limitValue(String topic, String pointer, JsonNode limit) {
        ConfigDef.ConfigKey key = limit.isTextual() ? ChorusConfig.definition().configKeys().get(limit.asText()) : null;
        if (key == null || key.type != ConfigDef.Type.INT) {
            throw new IllegalStateException("topic spec " + topic + ".json: " + JsonSchemaCheck.LIMIT_KEYWORD + " at " + pointer
                    + " is " + limit + "; it must name an integer setting of Chorus, e.g. " + ChorusConfig.INPUT_MAX_TEXT_CHARS);
        }
        return config.getInt(key.name);
    }
}
