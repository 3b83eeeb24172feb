package io.chorus.bench;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.kafka.KafkaCluster;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Failover on a replicated cluster, with real processes: three Kafka nodes ({@link KafkaCluster}) and N Chorus
 * instances ({@link ChorusProcess}), each its own JVM, scoring sentiment through the stub model server (so model
 * calls are in flight at every kill) under steady traffic. In order: SIGKILL the broker leading the first input
 * partition, later SIGKILL one instance, later restart the broker, later restart the instance; then every input must
 * have exactly one output (scored post or dead letter) as a read_committed consumer sees it, while interactive
 * queries go to a live instance throughout and are counted.
 *
 * <p>Recovery after an event is the time from the event until every input partition again delivers outputs for posts
 * sent after the event (so it includes one normal end-to-end latency, reported beside it). Each variant (standby
 * replicas, rebalance protocol) runs on fresh topics and application id against the same cluster.
 */
public final class FailoverBench {

    /** One configuration to measure. */
    public record Variant(int standbys, String protocol) {
        public Variant {
            if (standbys < 0) {
                throw new IllegalArgumentException("standbys must be >= 0");
            }
            if (!protocol.equals("classic") && !protocol.equals("streams")) {
                throw new IllegalArgumentException("protocol must be classic or streams, not " + protocol);
            }
        }

        String label() {
            return protocol + ", " + standbys + " standby";
        }
    }

    /**
     * @param rate          posts per second, steady, for the whole run
     * @param instances     Chorus instances (JVMs); one is killed and restarted
     * @param modelLatency  the stub model's answer time (every post is one call)
     * @param dwellPosts    outputs to see between one event's recovery and the next event ("later")
     * @param variants      configurations to run, in order
     * @param timeout       deadline of each wait (start, recovery, drain); past it the run is reported incomplete
     * @param caughtUp      before each event, every post older than this must have its output (the pipeline is not
     *                      behind), so that a recovery is the event's and not a backlog's
     */
    public record Options(double rate, int instances, Duration modelLatency, int dwellPosts, List<Variant> variants,
                          Duration timeout, String instanceHeap, Duration caughtUp) {
        public Options {
            if (rate <= 0 || instances < 2 || dwellPosts < 0 || variants.isEmpty() || caughtUp.isNegative()) {
                throw new IllegalArgumentException("need rate > 0, at least 2 instances, dwell >= 0, caught-up >= 0 and a variant");
            }
            variants = List.copyOf(variants);
        }
    }

    /** What happened at one event. {@code recoveryMs} -1 when outputs had not resumed by the deadline. */
    public record Event(String what, long atMs, long recoveryMs, int modelCallsInFlight) {
    }

    /**
     * One variant's result.
     *
     * @param sent               posts produced (acknowledged)
     * @param scored             distinct posts with a scored output
     * @param deadLetters        distinct posts with a dead letter
     * @param duplicates         outputs beyond the first per post (both topics), and posts with both
     * @param missing            posts with no output at all
     * @param unidentified       outputs without a post number
     * @param steadyLatencyP50Ms end-to-end latency (send to committed output) of posts sent before the first kill
     * @param queries            interactive queries sent to live instances
     * @param queriesFailed      of those, answered with an error or not at all
     * @param queriesFailedOutsideRebalance failures while every instance that should be up was RUNNING, before and after the
     *                           query (so not during a rebalance)
     * @param cpuMsPerPost       CPU of every Chorus instance divided by the posts, overhead included
     */
    public record Run(Variant variant, boolean completed, int sent, int scored, int deadLetters, long duplicates, int missing,
                      long unidentified, List<Event> events, long steadyLatencyP50Ms, int queries, int queriesFailed,
                      int queriesFailedOutsideRebalance, double cpuMsPerPost, int replicationFactor, String minInsyncReplicas,
                      long seconds, String logs) {
        public boolean exactlyOnce() {
            return completed && missing == 0 && duplicates == 0 && unidentified == 0;
        }
    }

    public record Report(Options options, List<Run> runs) {
    }

    /**
     * The brokers a scenario runs on and kills: the local {@link KafkaCluster}, or (in tests where Docker exists) the
     * official image in containers. Node ids are 1..size.
     */
    public interface Brokers {
        String bootstrapServers();

        int size();

        /** SIGKILL the node and return once it is gone. */
        void kill(int id);

        /** Start a killed node again from its data and return once it has registered. */
        void restart(int id);

        boolean isRunning(int id);

        /** Where the brokers' logs are, for a failure message. */
        String logs();
    }

    /** {@link KafkaCluster} as {@link Brokers}. */
    public static Brokers of(KafkaCluster cluster) {
        return new Brokers() {
            @Override
            public String bootstrapServers() {
                return cluster.bootstrapServers();
            }

            @Override
            public int size() {
                return cluster.nodes().size();
            }

            @Override
            public void kill(int id) {
                cluster.kill(id);
            }

            @Override
            public void restart(int id) {
                cluster.restart(id);
            }

            @Override
            public boolean isRunning(int id) {
                return cluster.isRunning(id);
            }

            @Override
            public String logs() {
                return cluster.dataDir() + "/node-*/broker.log";
            }
        };
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FailoverBench() {
    }

    /** Starts a three-node {@link KafkaCluster}, runs every variant on it, prints a table; the caller checks {@link Run#exactlyOnce()}. */
    public static Report run(Options options, PrintWriter out) throws Exception {
        out.printf("Failover bench: %s posts/s, %d instances, model latency %d ms, %d cores%n", options.rate(), options.instances(),
                options.modelLatency().toMillis(), Runtime.getRuntime().availableProcessors());
        out.flush();
        try (KafkaCluster cluster = KafkaCluster.start(3, 0, null)) {
            return run(options, of(cluster), out);
        }
    }

    /** Runs every variant on {@code brokers} (with at least three nodes), with the stub model server in this JVM. */
    public static Report run(Options options, Brokers brokers, PrintWriter out) throws Exception {
        List<Run> runs = new ArrayList<>();
        try (StubLlmServer stub = StubLlmServer.builder().port(0).latency(options.modelLatency()).recordRequests(false).start()) {
            out.println("cluster: " + brokers.bootstrapServers());
            out.flush();
            for (Variant variant : options.variants()) {
                Run run = new Scenario(options, variant, brokers, stub, out).run();
                runs.add(run);
                print(run, out);
            }
        }
        return new Report(options, runs);
    }

    private static void print(Run r, PrintWriter out) {
        out.printf("%n== %s: %s ==%n", r.variant().label(), !r.completed() ? "INCOMPLETE (outputs not awaited: missing is not lost)"
                : r.exactlyOnce() ? "exactly once" : "NOT EXACTLY ONCE");
        out.printf("  topics: replication %d, min.insync.replicas %s%n", r.replicationFactor(), r.minInsyncReplicas());
        out.printf("  posts sent %d; scored %d, dead letters %d, duplicates %d, missing %d, unidentified %d%n", r.sent(), r.scored(),
                r.deadLetters(), r.duplicates(), r.missing(), r.unidentified());
        out.printf("  steady end-to-end latency p50 %d ms%n", r.steadyLatencyP50Ms());
        for (Event e : r.events()) {
            out.printf("  %-22s at %6.1f s: outputs flowing again after %s (model calls in flight at the stub: %d)%n", e.what(),
                    e.atMs() / 1000.0, e.recoveryMs() < 0 ? "NOT BY THE DEADLINE" : e.recoveryMs() + " ms", e.modelCallsInFlight());
        }
        out.printf("  interactive queries %d, failed %d (of which outside a rebalance: %d)%n", r.queries(), r.queriesFailed(),
                r.queriesFailedOutsideRebalance());
        out.printf("  CPU of the instances per post: %.2f ms (fixed overhead included); run took %d s%n", r.cpuMsPerPost(), r.seconds());
        if (!r.completed()) {
            out.println("  INCOMPLETE: a wait passed its deadline; logs in " + r.logs());
        }
        out.flush();
    }

    /** One variant, start to finish. */
    private static final class Scenario {
        private final Options options;
        private final Variant variant;
        private final Brokers cluster;
        private final StubLlmServer stub;
        private final PrintWriter out;
        private final int capacity;
        private final long[] sentNanos;
        private final int[] partitionOf;
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger acked = new AtomicInteger();
        private final AtomicReference<Exception> produceFailure = new AtomicReference<>();
        private volatile boolean producing = true;
        private final List<ChorusProcess> instances = new ArrayList<>();
        private final boolean[] live;
        private final boolean[] expectedAlive;
        private final List<long[]> queryLog = new ArrayList<>(); // {nanos, ok 1/0, every instance RUNNING around it 1/0}
        private final List<String> steadyFailures = new ArrayList<>();
        private volatile boolean querying = true;
        private final long t0 = System.nanoTime();
        private boolean completed = true;

        Scenario(Options options, Variant variant, Brokers cluster, StubLlmServer stub, PrintWriter out) {
            this.options = options;
            this.variant = variant;
            this.cluster = cluster;
            this.stub = stub;
            this.out = out;
            // room for the whole run at the rate, however long the waits take
            this.capacity = (int) Math.min(5_000_000, options.rate() * (options.timeout().toSeconds() * 8 + 600));
            this.sentNanos = new long[capacity];
            this.partitionOf = new int[capacity];
            Arrays.fill(partitionOf, -1);
            this.live = new boolean[options.instances()];
            this.expectedAlive = new boolean[options.instances()];
        }

        Run run() throws Exception {
            try {
                return runAndReport();
            } finally {
                instances.forEach(ChorusProcess::close); // also when a wait was interrupted: no instance outlives the run
            }
        }

        private Run runAndReport() throws Exception {
            String runId = "failover-" + UUID.randomUUID().toString().substring(0, 6);
            Path logs = Files.createTempDirectory("chorus-failover-");
            ChorusConfig config = config(runId, logs.resolve("state-0"));
            Topics topics = Topics.from(config);
            ChorusApp.ensureTopics(config);
            int replication;
            String minIsr;
            int partitions;
            try (Admin admin = Admin.create(config.kafkaClientProps())) {
                TopicDescription posts = admin.describeTopics(List.of(topics.posts.name())).allTopicNames().get().get(topics.posts.name());
                replication = posts.partitions().get(0).replicas().size();
                partitions = posts.partitions().size();
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.posts.name());
                minIsr = admin.describeConfigs(List.of(resource)).all().get().get(resource).get("min.insync.replicas").value();
                if (variant.protocol().equals("streams")) {
                    configureStreamsGroup(admin, config.applicationId());
                }
            }
            for (int i = 0; i < options.instances(); i++) {
                ChorusConfig c = i == 0 ? config : config.with(Map.of(ChorusConfig.STATE_DIR, logs.resolve("state-" + i).toString(),
                        ChorusConfig.HTTP_PORT, freePort()));
                instances.add(new ChorusProcess("instance-" + (i + 1), c, logs.resolve("instance-" + (i + 1) + ".log"), options.instanceHeap()));
            }
            out.printf("%n[%s] %s: topics replication %d, min.insync.replicas %s; logs in %s%n", variant.label(), runId, replication, minIsr, logs);
            out.flush();
            List<Event> events = new ArrayList<>();
            OutputWatcher scored = null;
            OutputWatcher dead = null;
            Thread producer = null;
            Thread queries = null;
            int victim = 0;
            BenchFeed feed = new BenchFeed(97);
            try {
                for (int i = 0; i < instances.size(); i++) {
                    instances.get(i).start();
                    expect(i, true);
                }
                await("every instance RUNNING", () -> instances.stream().allMatch(ChorusProcess::isReady));
                for (int i = 0; i < live.length; i++) {
                    live[i] = true;
                }
                scored = new OutputWatcher(cluster.bootstrapServers(), topics.scored.name(), capacity);
                dead = new OutputWatcher(cluster.bootstrapServers(), topics.dlq.name(), capacity);
                OutputWatcher s = scored;
                OutputWatcher d = dead;
                producer = thread("failover-producer", () -> produce(config, feed, topics.posts.name()));
                queries = thread("failover-queries", this::query);
                await("outputs flowing", () -> s.counts().distinct() >= options.dwellPosts());
                awaitCaughtUp(s, d);

                int broker = leaderOfPartitionZero(config, topics.posts.name());
                long tBroker = event(events.size(), "kill -9 broker " + broker);
                int inFlight = stub.inFlight();
                cluster.kill(broker);
                events.add(awaitRecovery("kill -9 broker " + broker, tBroker, inFlight, partitions, s, d));
                awaitMore(s, options.dwellPosts());
                awaitCaughtUp(s, d);

                victim = options.instances() - 1;
                long tInstance = event(events.size(), "kill -9 " + instances.get(victim).name());
                inFlight = stub.inFlight();
                synchronized (live) {
                    live[victim] = false; // queries go to live instances only
                }
                expect(victim, false);
                instances.get(victim).kill();
                events.add(awaitRecovery("kill -9 " + instances.get(victim).name(), tInstance, inFlight, partitions, s, d));
                awaitMore(s, options.dwellPosts());
                awaitCaughtUp(s, d);

                long tBrokerBack = event(events.size(), "restart broker " + broker);
                inFlight = stub.inFlight();
                cluster.restart(broker);
                events.add(awaitRecovery("restart broker " + broker, tBrokerBack, inFlight, partitions, s, d));
                awaitMore(s, options.dwellPosts());
                awaitCaughtUp(s, d);

                long tInstanceBack = event(events.size(), "restart " + instances.get(victim).name());
                inFlight = stub.inFlight();
                instances.get(victim).start();
                expect(victim, true);
                ChorusProcess back = instances.get(victim);
                await(back.name() + " RUNNING again", back::isReady);
                synchronized (live) {
                    live[victim] = true;
                }
                events.add(awaitRecovery("restart " + back.name(), tInstanceBack, inFlight, partitions, s, d));
                await("every instance RUNNING after the restarts", () -> instances.stream().allMatch(ChorusProcess::isReady));
                awaitMore(s, options.dwellPosts());
                awaitCaughtUp(s, d);
            } catch (TimeoutException e) {
                completed = false;
                out.println("  " + e.getMessage());
            } finally {
                producing = false;
                join(producer);
            }
            int total = sent.get();
            if (produceFailure.get() != null) {
                completed = false;
            }
            long cpu = 0;
            try {
                if (completed && scored != null) {
                    OutputWatcher s = scored;
                    OutputWatcher d = dead;
                    await("an output for every post", () -> missing(s.receivedNanos(), d.receivedNanos(), total) == 0);
                }
            } catch (TimeoutException e) {
                completed = false;
                out.println("  " + e.getMessage());
            } finally {
                querying = false;
                join(queries);
                for (ChorusProcess p : instances) {
                    cpu += p.cpuNanos();
                }
            }
            try {
                if (scored == null) {
                    return new Run(variant, false, total, 0, 0, 0, total, 0, events, -1, 0, 0, 0, 0, replication, minIsr, seconds(), logs.toString());
                }
                // outputs of a transaction that is still open would come right after: watch a little longer
                scored.settleAndStop(Duration.ofSeconds(2));
                dead.settleAndStop(Duration.ofMillis(1));
                OutputWatcher.Counts sc = scored.counts();
                OutputWatcher.Counts dc = dead.counts();
                long[] rs = scored.receivedNanos();
                long[] rd = dead.receivedNanos();
                int both = 0;
                for (int i = 0; i < total; i++) {
                    if (rs[i] != 0 && rd[i] != 0) {
                        both++;
                    }
                }
                long firstKill = events.isEmpty() ? Long.MAX_VALUE : t0 + events.get(0).atMs() * 1_000_000;
                int[] queryCounts = queryCounts();
                if (problemIn(sc, dc, both, rs, rd, total) || !completed) {
                    out.println("  (instance logs are kept in " + logs + "; broker logs: " + cluster.logs() + ")");
                }
                return new Run(variant, completed, total, sc.distinct(), dc.distinct(), sc.duplicates() + dc.duplicates() + both,
                        missing(rs, rd, total), sc.unidentified() + dc.unidentified(), events, p50(rs, total, firstKill),
                        queryCounts[0], queryCounts[1], queryCounts[2], total == 0 ? 0 : cpu / 1e6 / total, replication, minIsr,
                        seconds(), logs.toString());
            } finally {
                scored.close();
                dead.close();
                instances.forEach(ChorusProcess::close);
                for (int id = 1; id <= cluster.size(); id++) {
                    if (!cluster.isRunning(id)) {
                        cluster.restart(id); // the next variant starts on a whole cluster
                    }
                }
            }
        }

        /** Median send-to-output latency of the posts sent before {@code beforeNanos}, from the scored outputs. */
        private long p50(long[] received, int total, long beforeNanos) {
            long[] latencies = new long[total];
            int n = 0;
            for (int i = 0; i < total; i++) {
                if (sentNanos[i] < beforeNanos && received[i] != 0) {
                    latencies[n++] = received[i] - sentNanos[i];
                }
            }
            if (n == 0) {
                return -1;
            }
            Arrays.sort(latencies, 0, n);
            return latencies[n / 2] / 1_000_000;
        }

        private boolean problemIn(OutputWatcher.Counts sc, OutputWatcher.Counts dc, int both, long[] rs, long[] rd, int total) {
            return sc.duplicates() + dc.duplicates() + both + sc.unidentified() + dc.unidentified() > 0 || missing(rs, rd, total) > 0;
        }

        private ChorusConfig config(String runId, Path stateDir) {
            Map<String, Object> props = new HashMap<>();
            props.put(ChorusConfig.BOOTSTRAP_SERVERS, cluster.bootstrapServers());
            props.put(ChorusConfig.APPLICATION_ID, runId);
            props.put(ChorusConfig.STATE_DIR, stateDir.toString());
            for (TopicId id : TopicId.values()) {
                props.put(id.configKey(), runId + "." + id.defaultName());
            }
            props.put(ChorusConfig.SENTIMENT_SCORER, "llm");
            props.put(ChorusConfig.LLM_BASE_URL, stub.baseUrl());
            props.put(ChorusConfig.LLM_API_KEY, "stub");
            props.put(ChorusConfig.LLM_REQUESTS_PER_MINUTE, 1_000_000);
            props.put(ChorusConfig.LLM_TOKENS_PER_MINUTE, 100_000_000);
            props.put(ChorusConfig.ASYNC_ORDERING, "UNORDERED");
            props.put(ChorusConfig.ASYNC_EXECUTOR_THREADS, 8);
            props.put(ChorusConfig.COMMUNITIES_ENABLED, false);
            props.put(ChorusConfig.GENERATION_ENABLED, false);
            props.put(ChorusConfig.BEHAVIOR_ENABLED, false);
            props.put(ChorusConfig.HTTP_ENABLED, true);
            props.put(ChorusConfig.HTTP_PORT, freePort());
            props.put(ChorusConfig.NUM_STANDBY_REPLICAS, variant.standbys());
            props.put(ChorusConfig.COMMIT_INTERVAL_MS, 200L);
            // one request in flight per broker: a batch refused while the previous transaction completes
            // (CONCURRENT_TRANSACTIONS) is retried before later batches, not overtaken by them (out-of-order sequence)
            props.put(ChorusConfig.STREAMS_PREFIX + "producer.max.in.flight.requests.per.connection", 1);
            if (variant.protocol().equals("streams")) {
                props.put(ChorusConfig.STREAMS_PREFIX + "group.protocol", "streams");
            } else {
                // a dead member leaves the group after the session timeout: 6 s instead of the 45 s default
                props.put(ChorusConfig.STREAMS_PREFIX + "session.timeout.ms", 6000);
                props.put(ChorusConfig.STREAMS_PREFIX + "heartbeat.interval.ms", 1000);
            }
            return new ChorusConfig(props);
        }

        /** With the streams protocol the broker owns session timeout and standbys: set them on the group. */
        private void configureStreamsGroup(Admin admin, String groupId) throws ExecutionException, InterruptedException {
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
            List<AlterConfigOp> ops = List.of(
                    new AlterConfigOp(new ConfigEntry("streams.session.timeout.ms", "6000"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("streams.heartbeat.interval.ms", "1000"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("streams.num.standby.replicas", Integer.toString(variant.standbys())),
                            AlterConfigOp.OpType.SET));
            admin.incrementalAlterConfigs(Map.of(group, ops)).all().get();
        }

        private long event(int index, String what) {
            long now = System.nanoTime();
            out.printf("  %6.1f s  %s%n", (now - t0) / 1e9, what);
            out.flush();
            return now;
        }

        private Event awaitRecovery(String what, long at, int inFlight, int partitions, OutputWatcher s, OutputWatcher d) throws Exception {
            long recovery = -1;
            try {
                await("outputs after: " + what, () -> recoveryNanos(at, partitions, s, d) >= 0);
                recovery = recoveryNanos(at, partitions, s, d);
            } catch (TimeoutException e) {
                completed = false;
                throw e;
            } finally {
                if (recovery < 0) {
                    out.println("  no recovery after " + what);
                }
            }
            return new Event(what, (at - t0) / 1_000_000, recovery / 1_000_000, inFlight);
        }

        /** Time from {@code at} until every partition has an output for a post sent after {@code at}; -1 if one has none yet. */
        private long recoveryNanos(long at, int partitions, OutputWatcher s, OutputWatcher d) {
            long[] rs = s.receivedNanos();
            long[] rd = d.receivedNanos();
            long[] first = new long[partitions];
            int n = sent.get();
            for (int i = 0; i < n; i++) {
                int p = partitionOf[i];
                if (sentNanos[i] < at || p < 0 || p >= partitions) {
                    continue;
                }
                long r = rs[i] != 0 ? rs[i] : rd[i];
                if (r != 0 && (first[p] == 0 || r < first[p])) {
                    first[p] = r;
                }
            }
            long worst = 0;
            for (long f : first) {
                if (f == 0) {
                    return -1;
                }
                worst = Math.max(worst, f - at);
            }
            return worst;
        }

        /**
         * Waits until every post sent more than {@link Options#caughtUp()} ago has its output, so that the next event
         * starts from a steady state and its recovery is not a backlog's. A rate above what the machine sustains never
         * gets here: the run then ends INCOMPLETE at the deadline.
         */
        private void awaitCaughtUp(OutputWatcher s, OutputWatcher d) throws Exception {
            long caughtUpMs = options.caughtUp().toMillis();
            await("outputs caught up with the input (every post older than " + caughtUpMs + " ms has its output)", () -> {
                long[] rs = s.receivedNanos();
                long[] rd = d.receivedNanos();
                long before = System.nanoTime() - caughtUpMs * 1_000_000;
                int n = sent.get();
                for (int i = 0; i < n; i++) {
                    if (sentNanos[i] < before && rs[i] == 0 && rd[i] == 0) {
                        return false;
                    }
                }
                return true;
            });
        }

        private void awaitMore(OutputWatcher s, int more) throws Exception {
            int target = s.counts().distinct() + more;
            await(more + " more outputs", () -> s.counts().distinct() >= target);
        }

        private void produce(ChorusConfig config, BenchFeed feed, String topic) {
            Map<String, Object> props = new HashMap<>(config.kafkaClientProps());
            try (Producer<byte[], byte[]> producer = FeedProducer.producer(props)) {
                long start = System.nanoTime();
                double interval = 1e9 / options.rate();
                for (int i = 0; producing && i < capacity; i++) {
                    long slot = start + (long) (i * interval);
                    long wait;
                    while ((wait = slot - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    final int seq = i;
                    sentNanos[i] = System.nanoTime();
                    producer.send(feed.record(topic, i, Instant.now()), (meta, e) -> {
                        if (e != null) {
                            produceFailure.compareAndSet(null, e);
                        } else {
                            partitionOf[seq] = meta.partition();
                            acked.incrementAndGet();
                        }
                    });
                    sent.set(i + 1);
                }
                producer.flush();
            }
            if (produceFailure.get() != null) {
                out.println("  a post could not be produced: " + produceFailure.get());
            }
        }

        /** Every 200 ms one interactive query (all communities' sentiment), round-robin over the live instances. */
        private void query() {
            int next = 0;
            while (querying) {
                ChorusProcess target = null;
                synchronized (live) {
                    for (int k = 0; k < live.length && target == null; k++) {
                        int i = (next + k) % live.length;
                        if (live[i]) {
                            target = instances.get(i);
                            next = i + 1;
                        }
                    }
                }
                if (target != null) {
                    boolean steadyBefore = allLiveRunning();
                    boolean ok;
                    String failure = null;
                    try {
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(target.httpUrl() + "/api/sentiment?window=1m"))
                                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        ok = r.statusCode() == 200;
                        if (!ok) {
                            failure = target.name() + ": HTTP " + r.statusCode() + " " + r.body().substring(0, Math.min(160, r.body().length()));
                        }
                    } catch (IOException e) {
                        ok = false;
                        failure = target.name() + ": " + e;
                    } catch (InterruptedException e) {
                        return;
                    }
                    boolean steady = steadyBefore && allLiveRunning();
                    synchronized (queryLog) {
                        queryLog.add(new long[] {System.nanoTime(), ok ? 1 : 0, steady ? 1 : 0});
                        if (!ok && steady && steadyFailures.size() < 5) {
                            steadyFailures.add(failure);
                        }
                    }
                }
                LockSupport.parkNanos(200_000_000L); // the query rate, not a wait for a condition
            }
        }

        /** Every instance that should be up answers {@code /api/ready} (Kafka Streams RUNNING, not rebalancing). */
        private boolean allLiveRunning() {
            for (int i = 0; i < instances.size(); i++) {
                boolean expected;
                synchronized (expectedAlive) {
                    expected = expectedAlive[i];
                }
                if (expected && !instances.get(i).isReady()) {
                    return false;
                }
            }
            return true;
        }

        /** {total, failed, failed while every instance was RUNNING (no rebalance before or after the query)}. */
        private int[] queryCounts() {
            int total = 0;
            int failed = 0;
            int failedSteady = 0;
            synchronized (queryLog) {
                for (long[] q : queryLog) {
                    total++;
                    if (q[1] == 0) {
                        failed++;
                        if (q[2] == 1) {
                            failedSteady++;
                        }
                    }
                }
                steadyFailures.forEach(f -> out.println("  query failed outside a rebalance: " + f));
            }
            return new int[] {total, failed, failedSteady};
        }

        private int leaderOfPartitionZero(ChorusConfig config, String topic) throws Exception {
            try (Admin admin = Admin.create(config.kafkaClientProps())) {
                return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0).leader().id();
            }
        }

        private void await(String what, BooleanSupplier condition) throws TimeoutException {
            long deadline = System.nanoTime() + options.timeout().toNanos();
            while (!condition.getAsBoolean()) {
                for (ChorusProcess p : instances) {
                    if (isExpectedAlive(p) && !p.isAlive()) {
                        throw new TimeoutException(p.name() + " died on its own while waiting for " + what + " (log " + p.log() + ")");
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("waited " + options.timeout() + " for " + what);
                }
                LockSupport.parkNanos(100_000_000L); // polling a condition with a deadline
            }
        }

        private boolean isExpectedAlive(ChorusProcess p) {
            synchronized (expectedAlive) {
                return expectedAlive[instances.indexOf(p)];
            }
        }

        private void expect(int instance, boolean alive) {
            synchronized (expectedAlive) {
                expectedAlive[instance] = alive;
            }
        }

        private long seconds() {
            return (System.nanoTime() - t0) / 1_000_000_000L;
        }

        private static Thread thread(String name, Runnable body) {
            Thread t = new Thread(body, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private static void join(Thread t) {
            if (t != null) {
                try {
                    t.join(TimeUnit.SECONDS.toMillis(60));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static int missing(long[] scored, long[] dead, int total) {
        int missing = 0;
        for (int i = 0; i < total; i++) {
            if (scored[i] == 0 && dead[i] == 0) {
                missing++;
            }
        }
        return missing;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
