package io.chorus.app;

import io.chorus.config.ChorusConfig;
import io.chorus.http.ChorusHttpServer;
import io.chorus.topics.Replication;
import io.chorus.topics.TopicAdmin;
import io.chorus.topics.TopicId;
import io.chorus.topics.TopicSpecs;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.TopologyDeps;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Chorus instance: the topology on Kafka Streams, with its topics ensured first and, when a metrics
 * registry is given and {@code http.enabled}, the HTTP API and dashboard. Used by {@code chorus run},
 * {@code chorus demo} and the integration tests. Start more instances with the same application id to scale
 * out; Kafka Streams moves partitions and state among them, and each instance's API answers for all.
 */
public final class ChorusApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChorusApp.class);

    private final ChorusConfig config;
    private final KafkaStreams streams;
    private final Topology topology;
    private final ChorusHttpServer http;
    private final KafkaStreamsMetrics streamsMetrics;

    private ChorusApp(ChorusConfig config, Topology topology, KafkaStreams streams, ChorusHttpServer http,
                      KafkaStreamsMetrics streamsMetrics) {
        this.config = config;
        this.topology = topology;
        this.streams = streams;
        this.http = http;
        this.streamsMetrics = streamsMetrics;
    }

    /** Ensures topics, builds the topology and starts it, without the HTTP API; returns at once. */
    public static ChorusApp start(ChorusConfig config, TopologyDeps deps, boolean ensureTopics) {
        return start(config, deps, ensureTopics, null);
    }

    /**
     * Ensures topics, starts the HTTP API (when {@code registry} is a Prometheus registry and {@code http.enabled}),
     * builds the topology and starts it; returns at once (see {@link #awaitRunning}).
     */
    public static ChorusApp start(ChorusConfig config, TopologyDeps deps, boolean ensureTopics, MeterRegistry registry) {
        if (ensureTopics) {
            ensureTopics(config);
        }
        Topology topology = ChorusTopology.build(config, deps);
        Properties props = ChorusTopology.streamsProperties(config);
        props.putAll(Replication.streamsSettingsOf(config)); // internal topics replicated like Chorus's own (cluster size)
        ChorusHttpServer http = null;
        if (registry instanceof PrometheusMeterRegistry prometheus && config.getBoolean(ChorusConfig.HTTP_ENABLED)) {
            http = new ChorusHttpServer(config, prometheus);
            http.start();
            // Other instances reach this one here for interactive queries on keys it holds.
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, http.advertisedHostPort());
        }
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it (records are re-read from the last commit): {}", e.toString(), e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("Kafka Streams {} -> {}", before, now));
        KafkaStreamsMetrics metrics = null;
        if (registry != null) {
            metrics = new KafkaStreamsMetrics(streams);
            metrics.bindTo(registry);
        }
        if (http != null) {
            http.attach(streams, Topics.from(config));
        }
        LOG.info("Starting Chorus application '{}' against {}", config.applicationId(), config.bootstrapServers());
        streams.start();
        return new ChorusApp(config, topology, streams, http, metrics);
    }

    /** Creates missing topics from the specs and checks existing ones (all topics Chorus knows). */
    public static Map<String, TopicAdmin.Outcome> ensureTopics(ChorusConfig config) {
        return ensureTopics(config, Arrays.asList(TopicId.values()));
    }

    public static Map<String, TopicAdmin.Outcome> ensureTopics(ChorusConfig config, List<TopicId> ids) {
        TopicSpecs specs = TopicSpecs.load(config.getString(ChorusConfig.TOPICS_DIR));
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            return new TopicAdmin(admin, Replication.resolve(config, admin)).apply(Topics.from(config), specs, ids);
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

    /** The dashboard and API address, e.g. {@code http://127.0.0.1:8080/}, or null when HTTP is off. */
    public String httpUrl() {
        return http == null ? null : "http://" + http.advertisedHostPort() + "/";
    }

    @Override
    public void close() {
        LOG.info("Stopping Chorus application '{}'", config.applicationId());
        // Leave the group on a clean stop so the remaining instances take over at once instead of after the
        // session timeout; work in flight is safe either way (committed state and offsets).
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (http != null) {
            http.close();
        }
    }
}
