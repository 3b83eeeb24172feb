package io.chorus.topics;

import io.chorus.config.ChorusConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many copies of each topic Chorus keeps, and how many must have a write before it counts: one setting for
 * Chorus's own topics ({@link TopicAdmin}) and Kafka Streams' internal ones ({@link #streamsSettings}), so a changelog
 * is never less safe than the output it rebuilds.
 *
 * <p>The default ({@code -1}, {@value ChorusConfig#TOPICS_REPLICATION_FACTOR}) follows the cluster: three replicas with
 * {@code min.insync.replicas=2} on three or more brokers (one broker may die without losing an acknowledged write or
 * blocking writes), otherwise one replica per broker. Topic specs carry no replication: the same specs run on a laptop
 * broker and on a production cluster.
 *
 * @param factor             replicas per partition
 * @param minInsyncReplicas  replicas that must have a write before an {@code acks=all} producer is answered
 */
public record Replication(int factor, int minInsyncReplicas) {

    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);

    /** The value of both settings that means "decide from the cluster". */
    public static final int AUTO = -1;

    public Replication {
        if (factor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > factor) {
            throw new IllegalArgumentException("replication " + factor + " with min.insync.replicas " + minInsyncReplicas);
        }
    }

    /** The settings applied to a cluster of {@code brokers} live brokers; explicit values win over the defaults. */
    public static Replication forCluster(ChorusConfig config, int brokers) {
        int factor = config.getInt(ChorusConfig.TOPICS_REPLICATION_FACTOR);
        int minIsr = config.getInt(ChorusConfig.TOPICS_MIN_INSYNC_REPLICAS);
        int resolvedFactor = factor == AUTO ? Math.max(1, Math.min(3, brokers)) : factor;
        int resolvedMinIsr = minIsr == AUTO ? (resolvedFactor >= 3 ? 2 : 1) : minIsr;
        if (resolvedMinIsr > resolvedFactor) {
            throw new ConfigException(ChorusConfig.TOPICS_MIN_INSYNC_REPLICAS, minIsr, "exceeds the replication factor "
                    + resolvedFactor + (factor == AUTO ? " chosen for a cluster of " + brokers + " broker(s)" : "")
                    + ": no write could ever succeed. Lower it or raise " + ChorusConfig.TOPICS_REPLICATION_FACTOR + ".");
        }
        return new Replication(resolvedFactor, resolvedMinIsr);
    }

    /** Asks the cluster how many brokers it has when a setting is {@link #AUTO}; otherwise decides from the config alone. */
    public static Replication resolve(ChorusConfig config, Admin admin) {
        boolean auto = config.getInt(ChorusConfig.TOPICS_REPLICATION_FACTOR) == AUTO
                || config.getInt(ChorusConfig.TOPICS_MIN_INSYNC_REPLICAS) == AUTO;
        return forCluster(config, auto ? brokerCount(admin) : Integer.MAX_VALUE);
    }

    /** Resolves with a short-lived admin client of {@code config}. */
    public static Replication resolve(ChorusConfig config) {
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            return resolve(config, admin);
        }
    }

    static int brokerCount(Admin admin) {
        try {
            return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot count the brokers to choose the replication factor (set "
                    + ChorusConfig.TOPICS_REPLICATION_FACTOR + " and " + ChorusConfig.TOPICS_MIN_INSYNC_REPLICAS
                    + " to skip this): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting brokers", e);
        }
    }

    /** Topic-level configs that go with the replication factor of a new topic. */
    public Map<String, String> topicConfigs() {
        return Map.of("min.insync.replicas", Integer.toString(minInsyncReplicas));
    }

    /**
     * Kafka Streams settings for its internal topics and producers: the same replication, and {@code acks=all} so
     * that a record counts as written only once {@code min.insync.replicas} copies have it.
     */
    public Map<String, Object> streamsSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("replication.factor", factor);
        settings.put("topic.min.insync.replicas", Integer.toString(minInsyncReplicas));
        settings.put("producer.acks", "all");
        return settings;
    }

    /**
     * The Streams settings of a running application: {@link #streamsSettings()} for the cluster's size (or, when the
     * brokers cannot be counted now, {@link #staticStreamsSettings}, with a warning), minus any the user set with the
     * {@value ChorusConfig#STREAMS_PREFIX} prefix.
     */
    public static Map<String, Object> streamsSettingsOf(ChorusConfig config) {
        Map<String, Object> settings;
        try {
            settings = resolve(config).streamsSettings();
        } catch (IllegalStateException e) {
            LOG.warn("internal topics get the brokers' default replication: {}", e.getMessage());
            settings = staticStreamsSettings(config);
        }
        config.originalsWithPrefix(ChorusConfig.STREAMS_PREFIX).keySet().forEach(settings::remove);
        return settings;
    }

    /**
     * The Streams settings known without asking the cluster (for {@code streamsProperties}, which must not call a
     * broker): explicit values as given, {@code replication.factor=-1} (the broker's default) when automatic; the
     * running application replaces them with {@link #resolve(ChorusConfig)}'s.
     */
    public static Map<String, Object> staticStreamsSettings(ChorusConfig config) {
        int factor = config.getInt(ChorusConfig.TOPICS_REPLICATION_FACTOR);
        int minIsr = config.getInt(ChorusConfig.TOPICS_MIN_INSYNC_REPLICAS);
        Map<String, Object> settings = new HashMap<>();
        settings.put("replication.factor", factor);
        if (minIsr != AUTO) {
            settings.put("topic.min.insync.replicas", Integer.toString(minIsr));
        }
        settings.put("producer.acks", "all");
        return settings;
    }
}
