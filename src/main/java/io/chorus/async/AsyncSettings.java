package io.chorus.async;

import io.chorus.config.ChorusConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;

/**
 * Tuning of one async processor, resolved once from configuration.
 *
 * @param capacity   in-flight calls per task ({@code > 0}); further inputs are saved and wait for a slot
 * @param ordering   emission order
 * @param punctuate  how often finished calls are emitted when no input arrives (wall clock)
 * @param maxBlock   longest total wait of the stream thread for calls between two punctuations (only when
 *                   {@code maxPending} inputs already wait); well below the transaction timeout
 * @param maxPending inputs saved and waiting for a slot before the stream thread starts waiting
 */
public record AsyncSettings(int capacity, Ordering ordering, Duration punctuate, Duration maxBlock, int maxPending) {

    /** Default Kafka Streams sets for the producer's {@code transaction.timeout.ms} under exactly-once. */
    static final long STREAMS_EOS_TRANSACTION_TIMEOUT_MS = 10_000L;
    /** Kafka's default {@code max.poll.interval.ms}. */
    static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000L;

    public AsyncSettings {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
        }
        if (maxPending < 0) {
            throw new IllegalArgumentException("maxPending must be >= 0, got " + maxPending);
        }
        Objects.requireNonNull(ordering, "ordering");
        Objects.requireNonNull(punctuate, "punctuate");
        Objects.requireNonNull(maxBlock, "maxBlock");
    }

    /** Settings with the defaults of {@code config/chorus.properties}, to adjust with the withers. */
    public static AsyncSettings defaults() {
        return new AsyncSettings(32, Ordering.ORDERED, Duration.ofMillis(50), Duration.ofSeconds(1), 1_000);
    }

    public AsyncSettings withCapacity(int c) {
        return new AsyncSettings(c, ordering, punctuate, maxBlock, maxPending);
    }

    public AsyncSettings withOrdering(Ordering o) {
        return new AsyncSettings(capacity, o, punctuate, maxBlock, maxPending);
    }

    public AsyncSettings withMaxBlock(Duration d) {
        return new AsyncSettings(capacity, ordering, punctuate, d, maxPending);
    }

    public AsyncSettings withMaxPending(int n) {
        return new AsyncSettings(capacity, ordering, punctuate, maxBlock, n);
    }

    /**
     * @throws ConfigException naming {@value ChorusConfig#ASYNC_MAX_BLOCK_MS} when it is more than a third of the
     *                         time after which the stream thread would be fenced (exactly-once) or kicked out of the
     *                         group (at-least-once)
     */
    public static AsyncSettings fromConfig(ChorusConfig config) {
        AsyncSettings s = new AsyncSettings(config.getInt(ChorusConfig.ASYNC_CAPACITY),
                Ordering.valueOf(config.getString(ChorusConfig.ASYNC_ORDERING)),
                Duration.ofMillis(config.getLong(ChorusConfig.ASYNC_PUNCTUATE_MS)),
                Duration.ofMillis(config.getLong(ChorusConfig.ASYNC_MAX_BLOCK_MS)),
                config.getInt(ChorusConfig.ASYNC_MAX_PENDING));
        Limit limit = threadLimit(config.streamsProps());
        if (s.maxBlock().toMillis() * 3 > limit.millis()) {
            throw new ConfigException(ChorusConfig.ASYNC_MAX_BLOCK_MS, s.maxBlock().toMillis(), "must be at most a third of "
                    + limit.name() + " (" + limit.millis() + " ms), or a stream thread waiting for model calls under a backlog"
                    + " is fenced; lower " + ChorusConfig.ASYNC_MAX_BLOCK_MS + " or raise " + limit.name());
        }
        return s;
    }

    /** The time a stream thread must come back within, and the setting that sets it. */
    record Limit(String name, long millis) {
    }

    static Limit threadLimit(Properties streams) {
        boolean eos = !"at_least_once".equals(String.valueOf(streams.getOrDefault("processing.guarantee", "exactly_once_v2")));
        if (eos) {
            Object v = first(streams, "producer.transaction.timeout.ms", "transaction.timeout.ms");
            return new Limit("transaction.timeout.ms", v == null ? STREAMS_EOS_TRANSACTION_TIMEOUT_MS : Long.parseLong(v.toString().trim()));
        }
        Object v = first(streams, "consumer.max.poll.interval.ms", "max.poll.interval.ms");
        return new Limit("max.poll.interval.ms", v == null ? DEFAULT_MAX_POLL_INTERVAL_MS : Long.parseLong(v.toString().trim()));
    }

    private static Object first(Properties props, String preferred, String fallback) {
        Object v = props.get(preferred);
        return v != null ? v : props.get(fallback);
    }
}
