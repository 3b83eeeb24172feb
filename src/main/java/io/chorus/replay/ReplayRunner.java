package io.chorus.replay;

import io.chorus.app.ChorusApp;
import io.chorus.config.ChorusConfig;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.TopologyDeps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one experiment: the production topology under the experiment's application id and output names, over a
 * range of the input topics, stopping by itself when every input partition is done.
 *
 * <p>How the range is enforced. Before the first start, the experiment's group gets committed offsets for every
 * input partition: for {@code posts} the first offset whose timestamp is at or after {@code from} (ListOffsets
 * with a timestamp), for the table-like inputs (profiles, campaigns, follows) the earliest offset, because they
 * are state the posts are joined with and starting them at {@code from} would lose every earlier profile. The
 * target per partition is the offset for {@code to} (or the end offset when the replay starts); the run stops
 * once the group's committed offsets reach every target. Kafka Streams may read a little past a target before
 * the run stops, so the topology also keeps only posts whose event time is in [from, to)
 * ({@code input.from.ms} / {@code input.until.ms}): outputs hold exactly the posts in range.
 *
 * <p>Resume and reset. Offsets are written only for partitions the group has no committed offset for, so running
 * the same experiment again continues where it stopped (with exactly-once, outputs and offsets were committed
 * together). {@code reset} first deletes the group, the internal and output topics and the local state.
 *
 * <p>Windows. The experiment has its own application id, so its stream time starts from the replayed records'
 * event time (not production's present), and windows are opened for the replayed period. Records Kafka Streams
 * still drops (later than the grace period relative to records already read) are counted in the summary.
 */
public final class ReplayRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayRunner.class);

    /** How far the replay has come: input offsets consumed of the total in range. */
    public record Progress(long done, long total) {
    }

    private final Experiment experiment;
    private final ReplayRange range;
    private final Duration timeout;
    private final Duration pollInterval;
    private final Consumer<Progress> progress;

    /**
     * @param timeout      the longest the replay may run before it is stopped with an error (its progress is kept)
     * @param pollInterval how often committed offsets are checked
     * @param progress     called after every check, on the calling thread
     */
    public ReplayRunner(Experiment experiment, ReplayRange range, Duration timeout, Duration pollInterval, Consumer<Progress> progress) {
        this.experiment = experiment;
        this.range = range;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
        this.progress = progress == null ? p -> { } : progress;
    }

    /**
     * Runs the replay to its end and returns the summary.
     *
     * @param reset    delete the experiment's group, topics and local state first and start over
     * @param deps     the topology's dependencies, built from {@link Experiment#config(ReplayRange)}
     * @param registry the registry the model gateway in {@code deps} reports to (model calls, cache hits, tokens, cost)
     */
    public ReplaySummary run(boolean reset, TopologyDeps deps, MeterRegistry registry) {
        long started = System.nanoTime();
        ChorusConfig config = experiment.config(range);
        String group = experiment.applicationId();
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            Experiments.Info before = Experiments.info(admin, experiment);
            if (before.running()) {
                throw new IllegalStateException("experiment '" + experiment.name() + "' is already running (group " + group + " is "
                        + before.groupState().get() + "); wait for it or stop it first");
            }
            if (reset) {
                Experiments.Deletion d = Experiments.delete(admin, experiment);
                LOG.info("Reset {}: deleted topics {}, group {}, local state {}", experiment, d.topics(), d.group(), d.localState());
            }
            ChorusApp.ensureTopics(config, outputIds());

            Topics topics = Topics.from(config);
            List<TopicPartition> partitions = inputPartitions(admin, config, deps, topics);
            Map<TopicPartition, Long> committed = committedOffsets(admin, group);
            boolean resumed = !committed.isEmpty();
            Map<TopicPartition, Long> starts = startOffsets(admin, partitions, topics.posts.name());
            Map<TopicPartition, Long> targets = targetOffsets(admin, partitions);
            Map<TopicPartition, Long> missing = new HashMap<>();
            for (TopicPartition tp : partitions) {
                if (!committed.containsKey(tp)) {
                    missing.put(tp, starts.get(tp));
                }
            }
            if (!missing.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> alter = new HashMap<>();
                missing.forEach((tp, o) -> alter.put(tp, new OffsetAndMetadata(o)));
                Experiments.get(admin.alterConsumerGroupOffsets(group, alter).all(), "set the start offsets of group " + group);
            }
            Map<TopicPartition, Long> positions = new HashMap<>(committed);
            positions.putAll(missing);

            if (reached(positions, targets)) {
                return summary(true, resumed, Map.of(), Map.of(), 0, 0, Map.of(), started);
            }

            List<TopicPartition> outputs = outputPartitions(admin, config);
            Map<TopicPartition, Long> outputStart = offsets(admin, outputs, OffsetSpec.latest());
            Map<String, Double> modelBefore = modelCounters(registry);
            long dropped;
            Map<TopicPartition, Long> done;
            LOG.info("Replaying {} over {} input partitions, {} records in range", experiment, partitions.size(), remaining(positions, targets));
            try (ChorusApp app = ChorusApp.start(config, deps, false)) {
                app.awaitRunning(timeout);
                done = awaitTargets(admin, app.streams(), positions, targets, started);
                dropped = droppedRecords(app.streams());
            }
            Map<String, Long> in = new TreeMap<>();
            for (TopicPartition tp : partitions) {
                long consumed = Math.min(done.getOrDefault(tp, positions.get(tp)), targets.get(tp)) - Math.min(positions.get(tp), targets.get(tp));
                in.merge(tp.topic(), Math.max(0, consumed), Long::sum);
            }
            Map<String, Long> out = countCommitted(config.kafkaClientProps(), outputStart, timeout);
            Map<String, Double> modelAfter = modelCounters(registry);
            Map<String, Double> model = new HashMap<>();
            modelAfter.forEach((k, v) -> model.put(k, v - modelBefore.getOrDefault(k, 0.0)));
            String dlq = topics.dlq.name();
            long deadLetters = out.getOrDefault(dlq, 0L);
            Map<String, Long> outputsWithoutDlq = new TreeMap<>(out);
            outputsWithoutDlq.remove(dlq);
            for (String t : experiment.outputTopics()) {
                if (!t.equals(dlq)) {
                    outputsWithoutDlq.putIfAbsent(t, 0L);
                }
            }
            return summary(false, resumed, in, outputsWithoutDlq, deadLetters, dropped, model, started);
        }
    }

    private ReplaySummary summary(boolean complete, boolean resumed, Map<String, Long> in, Map<String, Long> out, long deadLetters,
                                  long dropped, Map<String, Double> model, long startedNanos) {
        return new ReplaySummary(experiment.name(), experiment.applicationId(), range, resumed, complete, in, out, deadLetters, dropped,
                Math.round(model.getOrDefault("calls", 0.0)), Math.round(model.getOrDefault("cacheHits", 0.0)),
                Math.round(model.getOrDefault("tokensIn", 0.0)), Math.round(model.getOrDefault("tokensOut", 0.0)),
                model.getOrDefault("cost", 0.0), Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** The experiment's outputs, plus the shared cache topic in case production never created it (idempotent). */
    private static List<TopicId> outputIds() {
        List<TopicId> ids = new ArrayList<>();
        for (TopicId id : TopicId.values()) {
            if (id.role() == TopicId.Role.OUTPUT || id.role() == TopicId.Role.SHARED) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The partitions of the input topics this configuration's topology actually reads (not global stores, not internal topics). */
    private static List<TopicPartition> inputPartitions(Admin admin, ChorusConfig config, TopologyDeps deps, Topics topics) {
        Set<String> inputNames = new TreeSet<>();
        for (TopicId id : TopicId.values()) {
            if (id.role() == TopicId.Role.INPUT) {
                inputNames.add(topics.name(id));
            }
        }
        Set<String> read = new TreeSet<>();
        TopologyDescription description = ChorusTopology.build(config, deps).describe();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(inputNames::contains).forEach(read::add);
                }
            }
        }
        Set<String> existing = Experiments.topicNames(admin);
        List<String> absent = read.stream().filter(t -> !existing.contains(t)).toList();
        if (!absent.isEmpty()) {
            throw new IllegalStateException("input topic(s) " + absent + " do not exist on " + config.bootstrapServers()
                    + ": there is nothing to replay (check topic.* settings, or create and fill them first)");
        }
        Map<String, TopicDescription> described = Experiments.get(admin.describeTopics(read).allTopicNames(), "describe input topics " + read);
        List<TopicPartition> out = new ArrayList<>();
        described.values().forEach(d -> d.partitions().forEach(p -> out.add(new TopicPartition(d.name(), p.partition()))));
        return out;
    }

    private List<TopicPartition> outputPartitions(Admin admin, ChorusConfig config) {
        List<String> names = experiment.outputTopics();
        Map<String, TopicDescription> described = Experiments.get(admin.describeTopics(names).allTopicNames(), "describe output topics");
        List<TopicPartition> out = new ArrayList<>();
        described.values().forEach(d -> d.partitions().forEach(p -> out.add(new TopicPartition(d.name(), p.partition()))));
        return out;
    }

    /** Posts from {@code from}; table-like inputs from the beginning (they are state, see the class comment). */
    private Map<TopicPartition, Long> startOffsets(Admin admin, List<TopicPartition> partitions, String postsTopic) {
        List<TopicPartition> posts = partitions.stream().filter(tp -> tp.topic().equals(postsTopic)).toList();
        List<TopicPartition> tables = partitions.stream().filter(tp -> !tp.topic().equals(postsTopic)).toList();
        Map<TopicPartition, Long> out = new HashMap<>(offsetsAtOrEnd(admin, posts, range.from()));
        out.putAll(offsets(admin, tables, OffsetSpec.earliest()));
        return out;
    }

    private Map<TopicPartition, Long> targetOffsets(Admin admin, List<TopicPartition> partitions) {
        return range.to() == null ? offsets(admin, partitions, OffsetSpec.latest()) : offsetsAtOrEnd(admin, partitions, range.to());
    }

    /** The first offset with a timestamp at or after {@code time}, or the end offset when there is none. */
    private static Map<TopicPartition, Long> offsetsAtOrEnd(Admin admin, List<TopicPartition> partitions, Instant time) {
        Map<TopicPartition, Long> at = offsets(admin, partitions, OffsetSpec.forTimestamp(time.toEpochMilli()));
        Map<TopicPartition, Long> end = offsets(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long o = at.getOrDefault(tp, -1L);
            out.put(tp, o < 0 ? end.get(tp) : o);
        }
        return out;
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = Experiments.get(admin.listOffsets(request).all(), "list offsets");
        Map<TopicPartition, Long> out = new HashMap<>();
        result.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static Map<TopicPartition, Long> committedOffsets(Admin admin, String group) {
        Map<TopicPartition, OffsetAndMetadata> raw = Experiments.get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "read the committed offsets of group " + group);
        Map<TopicPartition, Long> out = new HashMap<>();
        raw.forEach((tp, om) -> {
            if (om != null) {
                out.put(tp, om.offset());
            }
        });
        return out;
    }

    private static boolean reached(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> targets) {
        return targets.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }

    private static long remaining(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> targets) {
        return targets.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - positions.getOrDefault(e.getKey(), e.getValue()))).sum();
    }

    /** Waits until the group's committed offsets reach every target; fails if Kafka Streams fails or time runs out. */
    private Map<TopicPartition, Long> awaitTargets(Admin admin, KafkaStreams streams, Map<TopicPartition, Long> start,
                                                   Map<TopicPartition, Long> targets, long startedNanos) {
        long total = remaining(start, targets);
        long deadline = startedNanos + timeout.toNanos();
        while (true) {
            Map<TopicPartition, Long> committed = new HashMap<>(start);
            committed.putAll(committedOffsets(admin, experiment.applicationId()));
            long left = remaining(committed, targets);
            progress.accept(new Progress(total - left, total));
            if (left == 0) {
                return committed;
            }
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the replay's Kafka Streams instance is " + state + " with " + left
                        + " records left (see the log above); run the same command again to resume");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replay did not finish within " + timeout + ": " + (total - left) + " of " + total
                        + " records done; run the same command again to resume (progress is kept), or raise --timeout");
            }
            Experiments.pause(pollInterval);
        }
    }

    /** Kafka Streams' task-level {@code dropped-records-total}, summed over the instance's tasks. */
    static long droppedRecords(KafkaStreams streams) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            if ("dropped-records-total".equals(e.getKey().name()) && e.getValue().metricValue() instanceof Number n) {
                sum += n.doubleValue();
            }
        }
        return Math.round(sum);
    }

    /** The model gateway's counters, summed over models and uses. */
    static Map<String, Double> modelCounters(MeterRegistry registry) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (registry == null) {
            return out;
        }
        out.put("calls", sum(registry.find("chorus.model.calls").counters()));
        out.put("cacheHits", sum(registry.find("chorus.model.cache.hits").counters()));
        out.put("tokensIn", sum(registry.find("chorus.model.tokens").tag("direction", "in").counters()));
        out.put("tokensOut", sum(registry.find("chorus.model.tokens").tag("direction", "out").counters()));
        out.put("cost", sum(registry.find("chorus.model.cost.usd").counters()));
        return out;
    }

    private static double sum(java.util.Collection<Counter> counters) {
        return counters.stream().mapToDouble(Counter::count).sum();
    }

    /**
     * Committed records per topic from the given offsets to the current end, as a read_committed consumer sees
     * them (end offsets alone would also count transaction markers).
     */
    static Map<String, Long> countCommitted(Map<String, Object> clientProps, Map<TopicPartition, Long> from, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Long> counts = new TreeMap<>();
        from.keySet().forEach(tp -> counts.putIfAbsent(tp.topic(), 0L));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the experiment's outputs within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> counts.merge(r.topic(), 1L, Long::sum));
            }
        }
        return counts;
    }
}
