package io.chorus.testing;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.InternalFixedKeyRecordFactory;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * {@link MockProcessorContext} for a {@link FixedKeyProcessor} (what {@code processValues} runs), which
 * kafka-streams-test-utils 4.4.0 does not ship (KAFKA-15143 proposed one, not merged). Everything but forwarding is
 * the mock's own (stores, punctuators, stream time, metrics); a forwarded {@link FixedKeyRecord} is captured as the
 * {@link Record} with the same key, value, timestamp and headers, so {@link #forwarded()} reads as for any processor.
 *
 * <p>A test builds its inputs with {@link #record}: {@code FixedKeyRecord}'s constructor is package-private, and
 * {@link InternalFixedKeyRecordFactory} (public, marked internal) is how Kafka Streams itself makes one from a record.
 */
public final class MockFixedKeyProcessorContext<K, V> extends MockProcessorContext<K, V> implements FixedKeyProcessorContext<K, V> {

    /** An input record for a fixed-key processor. */
    public static <K, V> FixedKeyRecord<K, V> record(K key, V value, long timestamp) {
        return InternalFixedKeyRecordFactory.create(new Record<>(key, value, timestamp));
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(FixedKeyRecord<K1, V1> record) {
        forward(asRecord(record));
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(FixedKeyRecord<K1, V1> record, String childName) {
        forward(asRecord(record), childName);
    }

    private static <K1, V1> Record<K1, V1> asRecord(FixedKeyRecord<K1, V1> record) {
        return new Record<>(record.key(), record.value(), record.timestamp(), record.headers());
    }
}
