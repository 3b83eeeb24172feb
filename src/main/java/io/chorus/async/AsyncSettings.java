package io.chorus.async;

import io.chorus.config.ChorusConfig;
import java.time.Duration;

/**
 * Tuning of one async processor, resolved once from configuration.
 *
 * @param capacity      in-flight calls per task ({@code > 0}); when full, {@code process()} waits for the oldest
 * @param ordering      emission order
 * @param punctuate     how often finished calls are emitted when no input arrives (wall clock)
 * @param maxBlock      longest wait for a free slot; the oldest call is then dead-lettered as timed out
 */
public record AsyncSettings(int capacity, Ordering ordering, Duration punctuate, Duration maxBlock) {

    public AsyncSettings {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
        }
    }

    public static AsyncSettings fromConfig(ChorusConfig config) {
        return new AsyncSettings(config.getInt(ChorusConfig.ASYNC_CAPACITY),
                Ordering.valueOf(config.getString(ChorusConfig.ASYNC_ORDERING)),
                Duration.ofMillis(config.getLong(ChorusConfig.ASYNC_PUNCTUATE_MS)),
                Duration.ofMillis(config.getLong(ChorusConfig.ASYNC_MAX_BLOCK_MS)));
    }
}
