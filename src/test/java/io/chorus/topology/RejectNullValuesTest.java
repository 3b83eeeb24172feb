package io.chorus.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import io.chorus.testing.MockFixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves {@link RejectNullValues} alone: a value passes unchanged, a null is refused as NULL_VALUE and goes no further. */
class RejectNullValuesTest {

    private final MockFixedKeyProcessorContext<String, String> context = new MockFixedKeyProcessorContext<>();
    private final RejectNullValues<String> processor = new RejectNullValues<>();

    @BeforeEach
    void setUp() {
        processor.init(context);
    }

    @Test
    void forwardsARecordWithAValueUnchanged() {
        processor.process(MockFixedKeyProcessorContext.record("u1", "hello", 42L));
        assertThat(context.forwarded()).singleElement().extracting(f -> f.record()).isEqualTo(new Record<>("u1", "hello", 42L));
    }

    @Test
    void refusesANullValueAsNullValue() {
        InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class,
                () -> processor.process(MockFixedKeyProcessorContext.record("u1", null, 42L)));
        assertThat(e.reason()).isEqualTo(ErrorReason.NULL_VALUE);
    }

    @Test
    void forwardsNothingForANullValue() {
        catchThrowableOfType(InvalidRecordException.class, () -> processor.process(MockFixedKeyProcessorContext.record("u1", null, 42L)));
        assertThat(context.forwarded()).isEmpty();
    }
}
