package io.chorus.app;

import io.chorus.config.ChorusConfig;
import io.chorus.http.ChorusHttpServer;
import io.chorus.topics.Replication;
import io.chorus.topics.TopicAdmin;
import io.chorus.config.TopicId;
import io.chorus.topics.TopicSpecs;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.GlobalStoreAudit;
import io.chorus.aggregate.LateRecords;
import io.chorus.topology.TopologyDeps;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
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
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ChorusConfig config;
    private final KafkaStreams streams;
    private final Topology topology;
    private final ChorusHttpServer http;
    private final KafkaStreamsMetrics streamsMetrics;
    private final RestoreTally restores;
    private final AtomicInteger threadFailures;
    private KafkaStreams audit;

    private ChorusApp(ChorusConfig config, Topology topology, KafkaStreams streams, ChorusHttpServer http,
                      KafkaStreamsMetrics streamsMetrics, RestoreTally restores, AtomicInteger threadFailures) {
        this.threadFailures = threadFailures;
        this.config = config;
        this.topology = topology;
        this.streams = streams;
        this.http = http;
        this.streamsMetrics = streamsMetrics;
        this.restores = restores;
    }

    /** Ensures topics, builds the topology and starts it, without the HTTP API; returns at once. */
    public static ChorusApp start(ChorusConfig config, TopologyDeps deps, boolean ensureTopics) {
        return start(config, deps, ensureTopics, null);
    }

    /**
     * Ensures topics, starts the HTTP API (when {@code registry} is a Prometheus registry and {@code http.enabled}),
     * builds the topology and starts it; returns at once (see {@link #awaitRunning}).
     */
    public static ChorusApp start(ChorusConfig requested, TopologyDeps deps, boolean ensureTopics, MeterRegistry registry) {
        ChorusConfig config = StateDirectory.resolve(requested); // state.dir empty: per user and per cluster
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
        AtomicInteger threadFailures = new AtomicInteger();
        streams.setUncaughtExceptionHandler(e -> {
            threadFailures.incrementAndGet();
            LOG.error("Stream thread failed; replacing it (records are re-read from the last commit): {}", e.toString(), e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("Kafka Streams {} -> {}", before, now));
        RestoreTally restores = new RestoreTally();
        streams.setGlobalStateRestoreListener(restores);
        KafkaStreamsMetrics metrics = null;
        if (registry != null) {
            metrics = new KafkaStreamsMetrics(streams);
            metrics.bindTo(registry);
        }
        if (http != null) {
            http.attach(streams, Topics.from(config));
        }
        KafkaStreams audit = startAudit(topology, props, config, threadFailures);
        LOG.info("Starting Chorus application '{}' against {} (local state in {})", config.applicationId(),
                config.bootstrapServers(), stateDir(config));
        streams.start();
        ChorusApp app = new ChorusApp(config, topology, streams, http, metrics, restores, threadFailures);
        app.audit = audit;
        return app;
    }

    /**
     * The global-store audit ({@link GlobalStoreAudit}): dead letters for bad records on topics read as global stores.
     * Not for experiments (a {@code topic.output.suffix}): they read production's global-store topics, whose bad records
     * production's audit dead-letters, and a second group under the experiment's id would look like another experiment.
     */
    private static KafkaStreams startAudit(Topology topology, Properties props, ChorusConfig config, AtomicInteger threadFailures) {
        Topology auditTopology = GlobalStoreAudit.build(topology, config);
        if (auditTopology == null || !config.getString(ChorusConfig.TOPIC_OUTPUT_SUFFIX).isEmpty()) {
            return null;
        }
        KafkaStreams audit = new KafkaStreams(auditTopology, GlobalStoreAudit.properties(props));
        audit.setUncaughtExceptionHandler(e -> {
            threadFailures.incrementAndGet();
            LOG.error("Global-store audit thread failed; replacing it: {}", e.toString(), e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        audit.start();
        return audit;
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

    /** Where Kafka Streams keeps this instance's local stores: {@code <state.dir>/<application.id>}. */
    public static java.nio.file.Path stateDir(ChorusConfig config) {
        return java.nio.file.Path.of(config.getString(ChorusConfig.STATE_DIR), config.applicationId());
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

    /** Records restored from changelogs into each state store since this instance started (logged as they come). */
    public RestoreTally restores() {
        return restores;
    }

    /** The global-store audit application, or null when the topology has no global store. */
    public KafkaStreams audit() {
        return audit;
    }

    /**
     * Posts that came too late for a sentiment window (beyond {@code stats.grace.ms}) and are therefore not in the
     * aggregates, since this instance started; 0 in backfill mode. For run summaries (also on {@code /metrics}).
     */
    public long lateRecords() {
        return LateRecords.total(streams);
    }

    /** How many stream threads died (and were replaced) since start: any non-zero count is a bug to report. */
    public int streamThreadFailures() {
        return threadFailures.get();
    }

    /** The dashboard and API address, e.g. {@code http://127.0.0.1:8080/}, or null when HTTP is off. */
    public String httpUrl() {
        return http == null ? null : "http://" + http.advertisedHostPort() + "/";
    }

    /**
     * Stops the instance; throws {@link IllegalStateException} when Kafka Streams did not stop within the close timeout,
     * because its threads may then still hold tasks, state directories and open transactions, and a caller that goes on
     * (a restart, a test's next step) would race them.
     */
    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }

    /** As {@link #close()}, waiting at most {@code timeout} for the stream threads to stop. */
    public void close(Duration timeout) {
        LOG.info("Stopping Chorus application '{}'", config.applicationId());
        boolean stopped = true;
        try {
            if (audit != null) {
                stopped = audit.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(timeout));
            }
            // Leave the group on a clean stop so the remaining instances take over at once instead of after the
            // session timeout; work in flight is safe either way (committed state and offsets).
            stopped &= streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(timeout));
        } finally {
            if (streamsMetrics != null) {
                streamsMetrics.close();
            }
            if (http != null) {
                http.close();
            }
        }
        if (!stopped) {
            LOG.error("Kafka Streams of '{}' did not stop within {} (state {}); its threads may still run", config.applicationId(),
                    timeout, streams.state());
            throw new IllegalStateException("Kafka Streams of application '" + config.applicationId() + "' did not stop within "
                    + timeout + " (state " + streams.state() + "): its threads may still hold tasks and state; stop the process"
                    + " before starting another instance on the same state directory");
        }
    }
}
