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
}
