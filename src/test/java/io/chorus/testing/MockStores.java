package io.chorus.testing;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * State stores for processors tested alone on a {@link MockProcessorContext}: in memory, without a changelog (the
 * mock has no record collector to log to), initialised and registered on the context as the Kafka Streams testing
 * guide shows, so the processor finds them by name in {@code init}.
 */
public final class MockStores {

    private MockStores() {
    }

    /** A string-keyed in-memory store named {@code name}, registered on {@code context}. */
    public static <V> KeyValueStore<String, V> keyValue(MockProcessorContext<?, ?> context, String name, Serde<V> valueSerde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), valueSerde)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
