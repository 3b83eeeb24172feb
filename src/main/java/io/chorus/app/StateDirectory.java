package io.chorus.app;

import io.chorus.config.ChorusConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where an instance keeps its local state when {@code state.dir} is left empty: a per-user directory keyed by the
 * id of the Kafka cluster, {@code ~/.local/state/chorus/<cluster id>}. Kafka Streams adds the application id below it.
 *
 * <p>Why keyed by cluster: local checkpoints name changelog offsets of one cluster. A run against another cluster
 * with the same application id would find offsets its changelogs never had and start with a
 * {@code TaskCorruptedException} (the state is wiped and restored). The cluster id, not the bootstrap address, is
 * the key, because a new broker on the same address (a restarted {@code chorus broker}) is another cluster.
 */
public final class StateDirectory {

    private static final long TIMEOUT_MS = 30_000;

    private StateDirectory() {
    }

    /** The per-user base directory, below which each cluster gets its own directory. */
    public static Path perUserBase() {
        return Path.of(System.getProperty("user.home"), ".local", "state", "chorus");
    }

    /** The default state directory for a cluster. */
    public static Path forCluster(String clusterId) {
        return perUserBase().resolve(clusterId.replaceAll("[^A-Za-z0-9_-]", "_"));
    }

    /**
     * {@code config} unchanged when {@code state.dir} is set; otherwise a copy with {@code state.dir} set to the
     * per-user directory of the cluster it points at (asks the cluster for its id).
     *
     * @throws ConfigException naming {@code bootstrap.servers} when the cluster does not answer
     */
    public static ChorusConfig resolve(ChorusConfig config) {
        if (!config.getString(ChorusConfig.STATE_DIR).isBlank()) {
            return config;
        }
        return config.with(Map.of(ChorusConfig.STATE_DIR, forCluster(clusterId(config)).toString()));
    }

    /** The id the cluster at {@code bootstrap.servers} reports. */
    public static String clusterId(ChorusConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafkaClientProps());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        try (Admin admin = Admin.create(props)) {
            return admin.describeCluster().clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new ConfigException("no Kafka cluster answered at " + config.bootstrapServers() + " within "
                    + TIMEOUT_MS / 1000 + " s (" + ChorusConfig.BOOTSTRAP_SERVERS + "): check the address and that the brokers "
                    + "are up, or start one with 'chorus broker'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + config.bootstrapServers() + " for its cluster id", e);
        }
    }
}
