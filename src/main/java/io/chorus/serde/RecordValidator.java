package io.chorus.serde;

/**
 * Checks a freshly parsed record; throws {@link InvalidRecordException} naming the field and the rule broken.
 */
@FunctionalInterface
public interface RecordValidator<T> {

    void validate(T value) throws InvalidRecordException;

    static <T> RecordValidator<T> none() {
        return value -> { };
    }

    /** Throws MISSING_FIELD when {@code value} is null or blank. */
    static void require(String field, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new InvalidRecordException(ErrorReason.MISSING_FIELD, "required field '" + field + "' is missing");
        }
    }
}
