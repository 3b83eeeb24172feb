package io.chorus.deadletter;

import java.util.Map;
import org.apache.kafka.common.Configurable;

/**
 * The base of Chorus's dead-letter handlers (deserialization, processing, production): reads the
 * {@link DeadLetterSettings} once in {@link #configure}, so the three agree on the topic, the global topics and the
 * size limit.
 */
abstract class DeadLetterHandler implements Configurable {

    private DeadLetterSettings settings;

    @Override
    public void configure(Map<String, ?> configs) {
        settings = DeadLetterSettings.from(configs);
    }

    protected final DeadLetterSettings settings() {
        if (settings == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " used before configure()");
        }
        return settings;
    }
}
