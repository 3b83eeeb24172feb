package io.chorus.serde;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A topic's JSON Schema (draft 2020-12), compiled once, that a record's JSON must satisfy before it is bound to its
 * Java type: the enforced contract of a topic. Thread-safe; compile one per topic and share it, never one per record.
 *
 * <p>A record that breaks the schema is an {@link InvalidRecordException} whose {@link InvalidRecordException#violation()}
 * names the field path and the rule, e.g. {@code text: maxLength 10000 (input.max.text.chars)}, and whose
 * {@link ErrorReason} follows the rule, so dead letters are still counted by cause:
 * {@code required}, a {@code null} where a type is required, or an empty or blank text failing {@code minLength} or
 * {@code pattern}: {@code MISSING_FIELD} (a blank id is as good as none); {@code maxLength}/{@code maxItems}/
 * {@code maxProperties}: {@code TOO_LARGE}; {@code minimum}/{@code maximum}: {@code OUT_OF_RANGE}; {@code const} on
 * {@code schemaVersion}: {@code UNSUPPORTED_SCHEMA_VERSION}; anything else (type, enum, format, pattern):
 * {@code WRONG_TYPE}. Formats are asserted ({@code date-time} is RFC 3339), not only annotated.
 *
 * <p>The validator runs on Jackson 3 ({@code tools.jackson}), the rest of Chorus on Jackson 2, so the record's bytes
 * are read a second time here, with the same read limits as {@link Json#mapper()}; callers parse first with
 * {@link Json#mapper()}, so syntax errors keep their {@code MALFORMED_JSON} reason and message from there.
 */
public final class JsonSchemaCheck {

    /**
     * A schema keyword naming the Chorus setting whose value replaces the node's {@code maxLength} before compiling
     * (e.g. {@code "x-chorus-limit": "input.max.text.chars"}); validators that do not know it ignore it.
     */
    public static final String LIMIT_KEYWORD = "x-chorus-limit";

    /**
     * Draft 2020-12 that knows {@link #LIMIT_KEYWORD}; formats asserted; messages in English whatever the JVM's locale;
     * schemas preloaded (every {@code $ref} resolved when compiling, so validation is read-only and thread-safe);
     * patterns on the JDK's regex engine (the specs' patterns are plain character classes, the same in ECMA-262).
     */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(
            Dialect.builder(Dialects.getDraft202012()).keyword(new NonValidationKeyword(LIMIT_KEYWORD)).build(),
            registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true).locale(Locale.ENGLISH).preloadSchema(true).build()));
    private static final ObjectMapper READER = reader();
    private static final int MORE_SHOWN = 3;

    private final String name;
    private final JsonNode schemaTree;
    private final Schema schema;

    private JsonSchemaCheck(String name, JsonNode schemaTree) {
        this.name = name;
        this.schemaTree = schemaTree;
        this.schema = REGISTRY.getSchema(schemaTree);
    }

    /**
     * Compiles {@code schemaJson} (a draft 2020-12 schema) under {@code name}, the topic named in messages.
     *
     * @throws IllegalArgumentException when it is not a valid schema
     */
    public static JsonSchemaCheck compile(String name, String schemaJson) {
        Objects.requireNonNull(name, "name");
        try {
            return new JsonSchemaCheck(name, READER.readTree(schemaJson));
        } catch (JacksonException | com.networknt.schema.SchemaException e) {
            throw new IllegalArgumentException("the JSON Schema of " + name + " does not compile: " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    /** One broken rule: where ({@code path}, e.g. {@code images[0].url}), which rule, why, and the dead-letter reason. */
    public record Violation(String path, String rule, String message, ErrorReason reason) {

        /** {@code path: rule}, as in the {@code chorus.error.violation} header. */
        @Override
        public String toString() {
            return (path.isEmpty() ? "(record)" : path) + ": " + rule;
        }
    }

    /**
     * Throws {@link InvalidRecordException} when {@code json} breaks the schema; the first violation sets the reason
     * and the violation, and the message lists a few more.
     */
    public void check(byte[] json) {
        List<Violation> violations = violations(json);
        if (violations.isEmpty()) {
            return;
        }
        Violation first = violations.get(0);
        StringBuilder message = new StringBuilder("field '").append(first.path()).append("' breaks ").append(first.rule())
                .append(" of the ").append(name).append(" schema: ").append(first.message());
        if (first.path().isEmpty()) {
            message.replace(0, "field ''".length(), "the record");
        }
        if (violations.size() > 1) {
            message.append(" (also ").append(String.join("; ", violations.subList(1, Math.min(violations.size(), 1 + MORE_SHOWN))
                    .stream().map(Violation::toString).toList()));
            if (violations.size() > 1 + MORE_SHOWN) {
                message.append("; ").append(violations.size() - 1 - MORE_SHOWN).append(" more");
            }
            message.append(')');
        }
        throw new InvalidRecordException(first.reason(), message.toString(), first.toString());
    }

    /** Every rule {@code json} breaks, in the validator's order; empty when it conforms. */
    public List<Violation> violations(byte[] json) {
        JsonNode tree;
        try {
            tree = READER.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidRecordException(ErrorReason.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
        }
        return schema.validate(tree).stream().map(this::violation).toList();
    }

    private Violation violation(Error error) {
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        String path = path(error.getInstanceLocation());
        if ("required".equals(keyword) && error.getProperty() != null) {
            path = path.isEmpty() ? error.getProperty() : path + "." + error.getProperty();
        }
        JsonNode instance = error.getInstanceNode();
        String rule = rule(keyword, error);
        String message = error.getMessage();
        if (keyword.equals("maxLength") && instance != null && instance.isString()) {
            String text = instance.stringValue();
            message += " (has " + text.codePointCount(0, text.length()) + ")";
        }
        return new Violation(path, rule, message, reason(keyword, path, instance));
    }

    private static ErrorReason reason(String keyword, String path, JsonNode instance) {
        boolean blank = instance != null && instance.isString() && instance.stringValue().isBlank();
        return switch (keyword) {
            case "required" -> ErrorReason.MISSING_FIELD;
            case "type" -> instance == null || instance.isNull() ? ErrorReason.MISSING_FIELD : ErrorReason.WRONG_TYPE;
            case "minLength", "pattern" -> blank ? ErrorReason.MISSING_FIELD : ErrorReason.WRONG_TYPE;
            case "maxLength", "maxItems", "maxProperties" -> ErrorReason.TOO_LARGE;
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> ErrorReason.OUT_OF_RANGE;
            case "const" -> path.equals("schemaVersion") && instance != null && instance.isIntegralNumber()
                    ? ErrorReason.UNSUPPORTED_SCHEMA_VERSION : ErrorReason.WRONG_TYPE;
            default -> ErrorReason.WRONG_TYPE;
        };
    }

    /** The keyword with its value from the schema, and for a maxLength the setting that set it, when one did. */
    private String rule(String keyword, Error error) {
        JsonNode value = error.getSchemaNode();
        String rule = switch (keyword) {
            case "required" -> "required";
            case "pattern" -> "pattern " + (value == null ? "" : value.asString());
            case "type" -> value == null ? "type" : value.isArray()
                    ? "type " + String.join(" or ", value.valueStream().map(JsonNode::asString).toList()) : "type " + value.asString();
            default -> value == null || value.isContainer() && value.size() > 8 ? keyword
                    : keyword + " " + (value.isString() ? value.asString() : value.toString());
        };
        String pointer = error.getSchemaLocation() == null || error.getSchemaLocation().getFragment() == null ? ""
                : error.getSchemaLocation().getFragment().toString();
        int slash = pointer.lastIndexOf('/');
        if (keyword.equals("maxLength") && slash > 0) {
            JsonNode limit = schemaTree.at(pointer.substring(0, slash)).get(LIMIT_KEYWORD);
            if (limit != null && limit.isString()) {
                rule += " (" + limit.asString() + ")";
            }
        }
        return rule;
    }

    /** {@code a.b[0].c} from the instance location. */
    private static String path(NodePath location) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; location != null && i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(element);
            }
        }
        return path.toString();
    }

    /** Jackson 3 with the read limits of Jackson 2's {@link Json#mapper()}, so both read the same records. */
    private static ObjectMapper reader() {
        com.fasterxml.jackson.core.StreamReadConstraints limits = Json.mapper().getFactory().streamReadConstraints();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.getMaxNestingDepth())
                        .maxNumberLength(limits.getMaxNumberLength())
                        .maxStringLength(limits.getMaxStringLength())
                        .maxNameLength(limits.getMaxNameLength())
                        .maxDocumentLength(limits.getMaxDocumentLength())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory).build();
    }
}
