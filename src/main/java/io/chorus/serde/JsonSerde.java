package io.chorus.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one JSON serde for every Chorus record type. Null maps to null both ways. Deserialization checks, in
 * order: size, JSON syntax, object shape, {@code schemaVersion} (for {@link Versioned} types), the topic's JSON Schema
 * when one is enforced ({@link #withSchema}: required fields, types, sizes, ranges), field types as Java binds them,
 * then the type's {@link RecordValidator} (rules a schema cannot express); each failure is an
 * {@link InvalidRecordException} with its {@link ErrorReason}, which Kafka Streams routes to the dead-letter topic.
 */
public final class JsonSerde<T> implements Serde<T> {

    /**
     * The largest record this serde writes: Kafka's default {@code max.request.size} (1 MiB) less 16 KiB for headers and
     * overhead. A bigger value would be refused by the producer, and under exactly-once that aborts the whole
     * transaction and kills the stream thread, whatever a production handler answers; refusing it while serializing
     * instead lets the dead-letter handlers dead-letter its input and go on.
     */
    public static final int MAX_OUTPUT_BYTES = 1024 * 1024 - 16 * 1024;

    private final Class<T> type;
    private final RecordValidator<T> validator;
    private final Integer supportedSchemaVersion;
    private final int maxBytes;
    private final JsonSchemaCheck schema;
    private final ObjectMapper mapper = Json.mapper();

    private JsonSerde(Class<T> type, RecordValidator<T> validator, Integer supportedSchemaVersion, int maxBytes, JsonSchemaCheck schema) {
        this.type = Objects.requireNonNull(type, "type");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.supportedSchemaVersion = supportedSchemaVersion;
        this.maxBytes = maxBytes;
        this.schema = schema;
    }

    /**
     * This serde, refusing records that break {@code schema} (checked after the schema version, before binding): the
     * topic's JSON Schema is the contract, so the reason a record is refused names the schema's field and rule.
     */
    public JsonSerde<T> withSchema(JsonSchemaCheck schema) {
        return new JsonSerde<>(type, validator, supportedSchemaVersion, maxBytes, Objects.requireNonNull(schema, "schema"));
    }

    /**
     * This serde, refusing (as {@code TOO_LARGE}, before parsing) records over {@code maxBytes}: an input record's size
     * is capped at the edge so that everything derived from it, and its dead letter, can still be sent.
     */
    public JsonSerde<T> withMaxBytes(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        return new JsonSerde<>(type, validator, supportedSchemaVersion, maxBytes, schema);
    }

    /** A serde for {@code type} with no validation beyond parsing (and schema version 1 for versioned records). */
    public static <T> JsonSerde<T> of(Class<T> type) {
        return of(type, RecordValidator.none());
    }

    public static <T> JsonSerde<T> of(Class<T> type, RecordValidator<T> validator) {
        Integer version = Versioned.class.isAssignableFrom(type) ? 1 : null;
        return new JsonSerde<>(type, validator, version, 0, null);
    }

    public Class<T> type() {
        return type;
    }

    public byte[] toBytes(T value) {
        if (value == null) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
        if (bytes.length > MAX_OUTPUT_BYTES) {
            throw new InvalidRecordException(ErrorReason.TOO_LARGE, "a " + type.getSimpleName() + " of " + bytes.length
                    + " bytes is over the output limit of " + MAX_OUTPUT_BYTES + " bytes (Kafka's max.request.size less header room);"
                    + " lower input.max.record.bytes or input.max.field.chars");
        }
        return bytes;
    }

    public T fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (maxBytes > 0 && bytes.length > maxBytes) {
            throw new InvalidRecordException(ErrorReason.TOO_LARGE, "record has " + bytes.length + " bytes, over the limit of "
                    + maxBytes + " (input.max.record.bytes)");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidRecordException(ErrorReason.MALFORMED_JSON, "not valid JSON: " + oneLine(e));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidRecordException(ErrorReason.MALFORMED_JSON, "empty record");
        }
        if (!tree.isObject()) {
            throw new InvalidRecordException(ErrorReason.NOT_AN_OBJECT,
                    "expected a JSON object for " + type.getSimpleName() + ", got " + tree.getNodeType().name().toLowerCase());
        }
        checkSchemaVersion(tree);
        if (schema != null) {
            schema.check(bytes);
        }
        T value;
        try {
            value = mapper.treeToValue(tree, type);
        } catch (MismatchedInputException e) {
            throw new InvalidRecordException(ErrorReason.WRONG_TYPE, "wrong type for field '" + fieldPath(e) + "': " + oneLine(e));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidRecordException(ErrorReason.WRONG_TYPE, "cannot read " + type.getSimpleName() + ": " + oneLine(e));
        }
        validator.validate(value);
        return value;
    }

    private void checkSchemaVersion(JsonNode tree) {
        if (supportedSchemaVersion == null) {
            return;
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || version.isNull()) {
            throw new InvalidRecordException(ErrorReason.MISSING_FIELD, "required field 'schemaVersion' is missing");
        }
        if (!version.isIntegralNumber()) {
            throw new InvalidRecordException(ErrorReason.WRONG_TYPE, "field 'schemaVersion' must be an integer");
        }
        if (version.intValue() != supportedSchemaVersion) {
            throw new InvalidRecordException(ErrorReason.UNSUPPORTED_SCHEMA_VERSION,
                    "schemaVersion " + version.asText() + " is not supported (this Chorus reads version " + supportedSchemaVersion + ")");
        }
    }

    private static String fieldPath(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        e.getPath().forEach(ref -> {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        });
        return path.isEmpty() ? "?" : path.toString();
    }

    private static String oneLine(Exception e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        message = message.replaceAll("\\s+", " ").trim();
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> toBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> fromBytes(bytes);
    }
}
