package io.chorus.topology;

import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * A post record without a value (a null, which the serde maps to null) cannot be scored: it is dead-lettered with
 * reason {@code NULL_VALUE} by the processing exception handler instead of failing later with a less useful error.
 */
final class RejectNullValues<V> extends ContextualFixedKeyProcessor<String, V, V> {

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        if (record.value() == null) {
            throw new InvalidRecordException(ErrorReason.NULL_VALUE, "record has no value (null); a post needs one");
        }
        context().forward(record);
    }
}
