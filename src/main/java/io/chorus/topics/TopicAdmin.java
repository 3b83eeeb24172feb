package io.chorus.topics;

import io.chorus.config.TopicId;

import io.chorus.config.ChorusConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies topic specs idempotently: creates missing topics and checks existing ones. A topic that exists with a
 * different partition count or cleanup policy is an error naming the topic, never silently left wrong (Chorus
 * cannot fix either safely: fewer partitions is impossible, more breaks key placement of state). A different
 * {@code message.timestamp.type} is fixed in place, since changing it is safe and leaving it loses outputs. New topics get the
 * {@link Replication} of the configuration (three replicas, {@code min.insync.replicas=2} on a cluster of three or more).
 */
public final class TopicAdmin {

    /** What happened to one topic. */
    public enum Outcome { CREATED, EXISTS_OK }

    /** A topic that exists with settings that contradict its spec. */
    public static final class TopicMismatchException extends RuntimeException {
        public TopicMismatchException(String message) {
            super(message);
        }
    }

    private static final long TIMEOUT_S = 30;
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private final Admin admin;
    private final Replication replication;

    /** Replication from the cluster's size (the {@link Replication} defaults). */
    public TopicAdmin(Admin admin) {
        this(admin, null);
    }

    /** @param replication replicas and min.insync.replicas of new topics; null: decided from the cluster's size */
    public TopicAdmin(Admin admin, Replication replication) {
        this.admin = admin;
        this.replication = replication;
    }

    /** Ensures every topic in {@code wanted} (resolved name to spec) exists as specified. */
    public Map<String, Outcome> apply(Map<String, TopicSpec> wanted) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            Map<String, Outcome> outcomes = new LinkedHashMap<>();
            List<NewTopic> toCreate = new ArrayList<>();
            Replication copies = replication != null ? replication : Replication.forCluster(clusterDefaults(), Replication.brokerCount(admin));
            wanted.forEach((name, spec) -> {
                if (existing.contains(name)) {
                    outcomes.put(name, Outcome.EXISTS_OK);
                } else {
                    Map<String, String> configs = new HashMap<>(spec.topicConfigs());
                    configs.putAll(copies.topicConfigs());
                    toCreate.add(new NewTopic(name, Optional.of(spec.partitions()), Optional.of((short) copies.factor())).configs(configs));
                    outcomes.put(name, Outcome.CREATED);
                }
            });
            create(toCreate);
            verifyWhenVisible(wanted, outcomes);
            warnWhenUnderReplicated(wanted.keySet(), outcomes, copies);
            return outcomes;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot apply topics: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying topics", e);
        }
    }

    private static ChorusConfig clusterDefaults() {
        return new ChorusConfig(Map.of());
    }

    /**
     * A topic that exists with fewer replicas than configured is left as it is (adding replicas means reassigning
     * partitions, an operator's decision) but said loudly: it is the topic that loses data when its broker dies.
     */
    private void warnWhenUnderReplicated(Set<String> names, Map<String, Outcome> outcomes, Replication copies)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> existing = names.stream().filter(n -> outcomes.get(n) == Outcome.EXISTS_OK).toList();
        if (existing.isEmpty()) {
            return;
        }
        admin.describeTopics(existing).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).forEach((name, d) -> {
            int replicas = d.partitions().get(0).replicas().size();
            if (replicas < copies.factor()) {
                LOG.warn("topic '{}' has {} replica(s) per partition, fewer than the {} configured ({}): one broker's loss can lose "
                        + "its data. Add replicas with kafka-reassign-partitions.", name, replicas, copies.factor(),
                        ChorusConfig.TOPICS_REPLICATION_FACTOR);
            }
        });
    }

    /** Applies the specs of {@code ids} under the names {@code topics} resolves them to. */
    public Map<String, Outcome> apply(Topics topics, TopicSpecs specs, Collection<TopicId> ids) {
        Map<String, TopicSpec> wanted = new LinkedHashMap<>();
        for (TopicId id : ids) {
            wanted.put(topics.name(id), specs.get(id));
        }
        return apply(wanted);
    }

    private void create(List<NewTopic> toCreate) throws InterruptedException, ExecutionException, TimeoutException {
        if (toCreate.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(toCreate).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // Another instance may have created it between list and create: that is fine, verify() checks it.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** New topics take a moment to appear in metadata; retry the check briefly while the broker reports them unknown. */
    private void verifyWhenVisible(Map<String, TopicSpec> wanted, Map<String, Outcome> outcomes)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (true) {
            try {
                verify(wanted, outcomes);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100); // metadata propagation, bounded by the deadline
            }
        }
    }

    private void verify(Map<String, TopicSpec> wanted, Map<String, Outcome> outcomes)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> descriptions = admin.describeTopics(wanted.keySet()).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
        List<ConfigResource> resources = wanted.keySet().stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        List<String> problems = new ArrayList<>();
        Map<ConfigResource, Collection<AlterConfigOp>> timestampFixes = new LinkedHashMap<>();
        wanted.forEach((name, spec) -> {
            int partitions = descriptions.get(name).partitions().size();
            if (partitions != spec.partitions()) {
                problems.add("topic '" + name + "' has " + partitions + " partitions but its spec (" + spec.name()
                        + ".json) says " + spec.partitions());
            }
            var cleanup = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).get("cleanup.policy");
            String actual = cleanup == null ? "delete" : cleanup.value();
            if (!normalise(actual).equals(normalise(spec.cleanupPolicy()))) {
                problems.add("topic '" + name + "' has cleanup.policy=" + actual + " but its spec (" + spec.name()
                        + ".json) says " + spec.cleanupPolicy());
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
            var timestampType = configs.get(resource).get(TopicSpec.TIMESTAMP_TYPE_CONFIG);
            if (timestampType != null && !spec.timestampType().equals(timestampType.value())) {
                timestampFixes.put(resource, List.of(new AlterConfigOp(
                        new ConfigEntry(TopicSpec.TIMESTAMP_TYPE_CONFIG, spec.timestampType()), AlterConfigOp.OpType.SET)));
            }
        });
        if (!timestampFixes.isEmpty()) {
            // Safe to change in place (it applies to records appended from now on), and without it outputs of old event
            // times would be deleted by time retention: fix it rather than refuse to run.
            LOG.warn("Setting {}={} from the specs on existing topics {}", TopicSpec.TIMESTAMP_TYPE_CONFIG, "the spec's value",
                    timestampFixes.keySet().stream().map(ConfigResource::name).toList());
            admin.incrementalAlterConfigs(timestampFixes).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        if (!problems.isEmpty()) {
            throw new TopicMismatchException(String.join("; ", problems)
                    + ". Fix the topic (or delete and recreate it), or change the spec; Chorus will not run on a topic it would mis-partition.");
        }
    }

    private static String normalise(String policy) {
        return String.join(",", new java.util.TreeSet<>(List.of(policy.replace(" ", "").split(","))));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
