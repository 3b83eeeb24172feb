package io.chorus.replay;

import io.chorus.config.ChorusConfig;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Finds and removes experiments on a cluster. An experiment is recognised only by its names: output topics
 * {@code <production output name>.exp.NAME} and the group / internal topics {@code <application.id>-exp-NAME}.
 * Nothing here ever deletes a topic or group that does not carry the {@code .exp.} or {@code -exp-} marker of the
 * configured production names, which is what keeps production safe.
 */
public final class Experiments {

    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /** What a cluster holds for one experiment. */
    public record Info(String name, List<String> outputTopics, List<String> internalTopics, Optional<String> groupState) {
        public boolean running() {
            return groupState.isPresent() && isActive(groupState.get());
        }
    }

    /** What {@link #delete} removed. */
    public record Deletion(String name, List<String> topics, boolean group, boolean localState) {
    }

    private Experiments() {
    }

    /** Every experiment of the production configuration {@code base} found on its cluster, by name. */
    public static List<Info> list(Admin admin, ChorusConfig base) {
        Set<String> topics = topicNames(admin);
        Map<String, GroupListing> groups = experimentGroups(admin, base);
        Set<String> names = new TreeSet<>(groups.keySet());
        for (String topic : topics) {
            experimentOfOutputTopic(base, topic).ifPresent(names::add);
        }
        List<Info> out = new ArrayList<>();
        for (String name : names) {
            out.add(info(name, base, topics, groups, names));
        }
        return out;
    }

    /** What the cluster holds for {@code experiment} (empty lists when nothing). */
    public static Info info(Admin admin, Experiment experiment) {
        Set<String> topics = topicNames(admin);
        Map<String, GroupListing> groups = experimentGroups(admin, experiment.base());
        Set<String> names = new TreeSet<>(groups.keySet());
        topics.forEach(t -> experimentOfOutputTopic(experiment.base(), t).ifPresent(names::add));
        names.add(experiment.name());
        return info(experiment.name(), experiment.base(), topics, groups, names);
    }

    /**
     * Removes everything the experiment owns: its consumer group (committed offsets), its internal topics, its
     * output topics and its local state directory. Waits until the topics are gone, so they can be created again
     * at once. Refuses while the experiment is running.
     *
     * @throws IllegalStateException when the experiment's group still has members
     */
    public static Deletion delete(Admin admin, Experiment experiment) {
        Info info = info(admin, experiment);
        if (info.running()) {
            throw new IllegalStateException("experiment '" + experiment.name() + "' is running (group " + experiment.applicationId()
                    + " is " + info.groupState().get() + "); stop it before deleting or resetting it");
        }
        boolean group = false;
        if (info.groupState().isPresent()) {
            try {
                admin.deleteConsumerGroups(List.of(experiment.applicationId())).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                group = true;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw new IllegalStateException("cannot delete group " + experiment.applicationId() + ": " + e.getCause().getMessage(), e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("timed out deleting group " + experiment.applicationId(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        List<String> topics = new ArrayList<>(info.outputTopics());
        topics.addAll(info.internalTopics());
        deleteTopicsAndWait(admin, topics);
        boolean localState = deleteRecursively(experiment.stateDir());
        return new Deletion(experiment.name(), List.copyOf(topics), group, localState);
    }

    private static Info info(String name, ChorusConfig base, Set<String> topics, Map<String, GroupListing> groups, Set<String> knownNames) {
        Experiment experiment = Experiment.of(name, base);
        List<String> outputs = experiment.outputTopics().stream().filter(topics::contains).sorted().toList();
        List<String> internal = topics.stream().filter(t -> ownerOfInternalTopic(base, t, knownNames).map(name::equals).orElse(false))
                .sorted().toList();
        GroupListing group = groups.get(name);
        Optional<String> state = group == null ? Optional.empty()
                : Optional.of(group.groupState().map(GroupState::toString).orElse("UNKNOWN"));
        return new Info(name, outputs, internal, state);
    }

    /** The experiment whose output this topic is, if it is {@code <production output name><marker>NAME}. */
    static Optional<String> experimentOfOutputTopic(ChorusConfig base, String topic) {
        Topics production = Topics.from(base);
        String marker = Experiment.topicMarker(base);
        for (TopicId id : TopicId.values()) {
            if (id.role() != TopicId.Role.OUTPUT) {
                continue;
            }
            String prefix = production.name(id) + marker;
            if (topic.startsWith(prefix)) {
                String name = topic.substring(prefix.length());
                if (Experiment.VALID_NAME.matcher(name).matches() && !Experiment.PRODUCTION.equals(name)) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The experiment an internal topic ({@code <application.id>-exp-NAME-...}) belongs to. Names may prefix each
     * other ({@code a} and {@code a-b}), so the longest known experiment name that fits wins.
     */
    static Optional<String> ownerOfInternalTopic(ChorusConfig base, String topic, Set<String> knownNames) {
        String prefix = Experiment.groupPrefix(base);
        if (!topic.startsWith(prefix) || !(topic.endsWith("-changelog") || topic.endsWith("-repartition")
                || topic.endsWith("-topic"))) {
            return Optional.empty();
        }
        String rest = topic.substring(prefix.length());
        return knownNames.stream().filter(n -> rest.startsWith(n + "-")).max(Comparator.comparingInt(String::length));
    }

    static boolean isActive(String groupState) {
        return !("EMPTY".equalsIgnoreCase(groupState) || "DEAD".equalsIgnoreCase(groupState));
    }

    private static Map<String, GroupListing> experimentGroups(Admin admin, ChorusConfig base) {
        String prefix = Experiment.groupPrefix(base);
        Map<String, GroupListing> out = new TreeMap<>();
        for (GroupListing g : get(admin.listGroups().all(), "list groups")) {
            if (g.groupId().startsWith(prefix)) {
                String name = g.groupId().substring(prefix.length());
                if (Experiment.VALID_NAME.matcher(name).matches() && !Experiment.PRODUCTION.equals(name)) {
                    out.put(name, g);
                }
            }
        }
        return out;
    }

    static Set<String> topicNames(Admin admin) {
        return new TreeSet<>(get(admin.listTopics().names(), "list topics"));
    }

    static void deleteTopicsAndWait(Admin admin, List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try {
            admin.deleteTopics(topics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new IllegalStateException("cannot delete topics " + topics + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out deleting topics " + topics, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            Set<String> left = topicNames(admin);
            left.retainAll(topics);
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics still present " + ADMIN_TIMEOUT.toSeconds() + " s after deletion: " + left);
            }
            pause(Duration.ofMillis(200));
        }
    }

    private static boolean deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return false;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the experiment's local state " + dir + ": " + e.getMessage(), e);
        }
    }

    static <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out trying to " + what + " (is the cluster reachable?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Admin polling of cluster state (topic deletion, committed offsets) that has no future to wait on. */
    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
