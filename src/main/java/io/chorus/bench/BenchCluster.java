package io.chorus.bench;

import io.chorus.config.ChorusConfig;
import io.chorus.kafka.EmbeddedKafkaBroker;
import io.chorus.topics.TopicAdmin;
import io.chorus.config.TopicId;
import io.chorus.topics.TopicSpec;
import io.chorus.topics.TopicSpecs;
import io.chorus.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one benchmark run happens: its own embedded broker (or an external cluster given by bootstrap servers),
 * a run id that makes every application id and topic name unique, and temporary state directories. Closing it
 * deletes the state directories, the topics it created on an external cluster, and stops the embedded broker.
 */
public final class BenchCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BenchCluster.class);

    private final EmbeddedKafkaBroker broker;
    private final String bootstrap;
    private final String runId;
    private final TopicSpecs specs = TopicSpecs.load("");
    private final List<Path> stateDirs = new ArrayList<>();
    private final List<String> createdTopics = new ArrayList<>();

    private BenchCluster(EmbeddedKafkaBroker broker, String bootstrap) {
        this.broker = broker;
        this.bootstrap = bootstrap;
        this.runId = "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss")) + "-"
                + UUID.randomUUID().toString().substring(0, 4);
    }

    /** An embedded broker when {@code bootstrap} is null or blank, otherwise that cluster. */
    public static BenchCluster open(String bootstrap) {
        if (bootstrap == null || bootstrap.isBlank()) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
            return new BenchCluster(broker, broker.bootstrapServers());
        }
        return new BenchCluster(null, bootstrap);
    }

    public String bootstrap() {
        return bootstrap;
    }

    public boolean embedded() {
        return broker != null;
    }

    /**
     * A configuration for one part of the run: application id {@code <run>-<name>}, every topic renamed
     * {@code <run>-<name>.<default name>}, a fresh state directory, HTTP off, plus {@code extra}.
     */
    public ChorusConfig config(String name, Map<String, ?> extra) {
        String prefix = runId + "-" + name;
        Map<String, Object> props = new HashMap<>();
        props.put(ChorusConfig.BOOTSTRAP_SERVERS, bootstrap);
        props.put(ChorusConfig.APPLICATION_ID, prefix);
        props.put(ChorusConfig.STATE_DIR, newStateDir().toString());
        props.put(ChorusConfig.HTTP_ENABLED, false);
        for (TopicId id : TopicId.values()) {
            props.put(id.configKey(), prefix + "." + id.defaultName());
        }
        props.putAll(extra);
        return new ChorusConfig(props);
    }

    /** A fresh, empty state directory, deleted on close (each instance on one machine needs its own). */
    public Path newStateDir() {
        try {
            Path dir = Files.createTempDirectory("chorus-bench-state-");
            stateDirs.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the topics of {@code ids} under the names {@code config} gives them, from their specs but with the
     * partition counts in {@code partitions} where given (the specs fix 3 for posts; a sweep needs others).
     */
    public void createTopics(ChorusConfig config, List<TopicId> ids, Map<TopicId, Integer> partitions) {
        Topics topics = Topics.from(config);
        Map<String, TopicSpec> wanted = new LinkedHashMap<>();
        for (TopicId id : ids) {
            TopicSpec s = specs.get(id);
            int n = partitions.getOrDefault(id, s.partitions());
            wanted.put(topics.name(id), new TopicSpec(s.id(), s.name(), s.description(), s.keyField(), n, s.cleanupPolicy(),
                    s.retentionMs(), s.valueSchema()));
        }
        apply(wanted);
    }

    /** Creates a plain topic (delete policy, one day retention) with {@code partitions} partitions. */
    public void createTopic(String name, int partitions) {
        apply(Map.of(name, new TopicSpec("bench", name, "benchmark output", null, partitions, "delete", 86_400_000L, null)));
    }

    private void apply(Map<String, TopicSpec> wanted) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicAdmin(admin).apply(wanted);
        }
        createdTopics.addAll(wanted.keySet());
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        } else if (!createdTopics.isEmpty()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.deleteTopics(createdTopics).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("could not delete the benchmark topics {} on {}: {}", createdTopics, bootstrap, e.toString());
            }
        }
        for (Path dir : stateDirs) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("could not delete {}: {}", dir, e.getMessage());
            }
        }
    }
}
