package io.chorus.app;

import io.chorus.config.ChorusConfig;
import io.chorus.topics.TopicAdmin;
import io.chorus.topics.TopicId;
import io.chorus.topics.TopicSpecs;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.TopologyDeps;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Chorus instance: the topology on Kafka Streams, with its topics ensured first. Used by
 * {@code chorus run}, {@code chorus demo} and the integration tests. Start more instances with the same
 * application id to scale out; Kafka Streams moves partitions and state among them.
 */
public final class ChorusApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChorusApp.class);

    private final ChorusConfig config;
    private final KafkaStreams streams;
    private final Topology topology;

    private ChorusApp(ChorusConfig config, Topology topology, KafkaStreams streams) {
        this.config = config;
        this.topology = topology;
        this.streams = streams;
    }

    /** Ensures topics, builds the topology and starts it; returns at once (see {@link #awaitRunning}). */
    public static ChorusApp start(ChorusConfig config, TopologyDeps deps, boolean ensureTopics) {
        if (ensureTopics) {
            ensureTopics(config);
        }
        Topology topology = ChorusTopology.build(config, deps);
        KafkaStreams streams = new KafkaStreams(topology, ChorusTopology.streamsProperties(config));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it (records are re-read from the last commit): {}", e.toString(), e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("Kafka Streams {} -> {}", before, now));
        LOG.info("Starting Chorus application '{}' against {}", config.applicationId(), config.bootstrapServers());
        streams.start();
        return new ChorusApp(config, topology, streams);
    }

    /** Creates missing topics from the specs and checks existing ones (all topics Chorus knows). */
    public static Map<String, TopicAdmin.Outcome> ensureTopics(ChorusConfig config) {
        return ensureTopics(config, Arrays.asList(TopicId.values()));
    }

    public static Map<String, TopicAdmin.Outcome> ensureTopics(ChorusConfig config, List<TopicId> ids) {
        TopicSpecs specs = TopicSpecs.load(config.getString(ChorusConfig.TOPICS_DIR));
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            return new TopicAdmin(admin).apply(Topics.from(config), specs, ids);
        }
    }

    /** Waits until the instance is RUNNING; throws if it fails or the time runs out. */
    public void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("Kafka Streams is " + streams.state() + " (see the log above)");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams not RUNNING after " + timeout + " (state " + streams.state() + ")");
            }
            try {
                Thread.sleep(50); // start-up polling of a state that has no future to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public Topology topology() {
        return topology;
    }

    public ChorusConfig config() {
        return config;
    }

    @Override
    public void close() {
        LOG.info("Stopping Chorus application '{}'", config.applicationId());
        // Leave the group on a clean stop so the remaining instances take over at once instead of after the
        // session timeout; work in flight is safe either way (committed state and offsets).
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
