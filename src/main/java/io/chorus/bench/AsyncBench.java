package io.chorus.bench;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.async.GatewaySettings;
import io.chorus.async.ModelGateway;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.openai.OpenAiChatClient;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.sentiment.VaderSentimentScorer;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 3's benchmark: requests through the real pipeline (Kafka Streams with exactly-once, the async processor,
 * the model gateway, the real OpenAI client over HTTP) against the stub server answering after a fixed latency L,
 * with capacity C per task over P partitions.
 *
 * <ol>
 *   <li><b>Throughput</b>: after a warm-up of {@code max(20, 2·C·P)} requests (not counted), {@code requests} posts
 *       produced at once to the running application; throughput is requests divided by the time from the first send
 *       to the last output visible (read_committed). Compared with the limit {@code min(C·P/L, rate limit)}.</li>
 *   <li><b>Added latency</b>: {@code latencyRequests} more posts at a steady half of the limit; end-to-end latency
 *       (send to output visible) minus L, p50 and p99. It includes the wait for the exactly-once commit.</li>
 *   <li><b>Synchronous baseline</b>: the same prompt through a topology that calls the model blocking in
 *       {@code mapValues}, one call at a time per stream thread ({@link BenchStreams#blockingModel}); its limit is
 *       {@code min(threads, P)/L}.</li>
 * </ol>
 * Every phase has a deadline; a phase that misses it is reported incomplete, never waited on forever.
 */
public final class AsyncBench {

    /**
     * @param requests          posts in the throughput phase
     * @param latency           the stub's answer latency L
     * @param capacity          in-flight calls per task C ({@code async.capacity})
     * @param partitions        partitions P of the input topic (= tasks)
     * @param threads           stream threads
     * @param rateLimitRpm      requests per minute allowed by the gateway
     * @param baseline          also run the synchronous baseline
     * @param baselineRequests  posts for the baseline; 0 picks about 10 s worth at its limit
     * @param latencyRequests   posts in the latency phase; 0 picks about 5 s worth at half the limit
     * @param commitIntervalMs  Kafka Streams commit interval (exactly-once: outputs become visible at commits)
     * @param timeout           deadline of each phase
     * @param bootstrap         an external cluster, or null for a broker started by the bench
     * @param endpoint          an OpenAI-compatible endpoint to call instead of the stub, or null
     * @param ownProcesses      run the stub and the broker (when started by the bench) in JVMs of their own, so that this
     *                          JVM's CPU, threads and allocation are Chorus's; false runs them in this JVM
     * @param batch             posts per model request ({@code async.batch.size}; 1: one per request)
     */
    public record Options(int requests, Duration latency, int capacity, int partitions, int threads, int rateLimitRpm, boolean baseline,
                          int baselineRequests, int latencyRequests, long commitIntervalMs, Duration timeout, String bootstrap,
                          String endpoint, boolean ownProcesses, int batch) {

        public static final int UNLIMITED_RPM = 100_000_000;

        /** Stub and broker in this JVM (or {@code bootstrap}), as small tests run it. */
        public Options(int requests, Duration latency, int capacity, int partitions, int threads, int rateLimitRpm, boolean baseline,
                       int baselineRequests, int latencyRequests, long commitIntervalMs, Duration timeout, String bootstrap) {
            this(requests, latency, capacity, partitions, threads, rateLimitRpm, baseline, baselineRequests, latencyRequests,
                    commitIntervalMs, timeout, bootstrap, null, false, 1);
        }

        public Options {
            require(requests >= 1, "--requests must be >= 1");
            require(!latency.isNegative() && !latency.isZero(), "--latency must be > 0");
            require(capacity >= 1, "--capacity must be >= 1");
            require(partitions >= 1, "--partitions must be >= 1");
            require(threads >= 1, "--threads must be >= 1");
            require(rateLimitRpm >= 1, "--rate-limit must be >= 1");
            require(baselineRequests >= 0 && latencyRequests >= 0, "request counts must be >= 0");
            require(batch >= 1 && batch <= 100, "--batch must be between 1 and 100");
        }

        /** Requests per second the async pipeline can reach at most: min(C·P/L, rate limit). */
        public double limitPerSecond() {
            return Math.min(capacity * (double) partitions / seconds(latency), rateLimitRpm / 60.0);
        }

        /** Requests per second of one blocking call at a time per stream thread (threads beyond P have no task). */
        public double syncLimitPerSecond() {
            return Math.min(threads, partitions) / seconds(latency);
        }
    }

    /**
     * Throughput of one phase, and what this JVM spent on it: CPU per request (process CPU time over requests; with
     * {@code ownProcesses} the stub and the broker are not in it), allocation per request and the peak thread count.
     */
    public record Throughput(int requests, int outputs, long duplicates, int missing, long deadLettered, boolean exactlyOnce,
                             boolean completed, double seconds, double perSecond, double limitPerSecond, double percentOfLimit,
                             double cpuMsPerRequest, double allocKbPerRequest, int peakThreads, CpuSplit cpuSplit) {
    }

    /**
     * Where {@link Throughput#cpuMsPerRequest} went, per request, by thread: Chorus's threads (stream and global
     * threads, their Kafka clients, the model executor, the HTTP client), the bench's own (the main thread, which
     * produces the feed, its producer's network thread and the output readers), and the rest of the process CPU
     * (the JVM's own GC and JIT threads, and threads that ended during the phase).
     */
    public record CpuSplit(double chorusThreadsMs, double benchThreadsMs, double jvmAndOtherMs, double jitMs, double gcMs) {
    }

    /** CPU time of every live thread, to split a phase's process CPU by who spent it. */
    private static final class ThreadCpu {
        private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
        private final Map<Long, Long> chorus = new HashMap<>();
        private final Map<Long, Long> bench = new HashMap<>();
        /** Native JIT compiler and GC threads' CPU (Linux {@code /proc/self/task}; -1 elsewhere), in clock ticks. */
        private long jitTicks = -1;
        private long gcTicks = -1;

        static ThreadCpu snapshot() {
            ThreadCpu t = new ThreadCpu();
            for (java.lang.management.ThreadInfo info : MX.getThreadInfo(MX.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long cpu = MX.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    (isBench(info.getThreadName()) ? t.bench : t.chorus).put(info.getThreadId(), cpu);
                }
            }
            t.readNativeThreads();
            return t;
        }

        /** Sums utime + stime of the JVM's JIT and GC threads, which {@code ThreadMXBean} does not list. */
        private void readNativeThreads() {
            java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
            if (!java.nio.file.Files.isDirectory(tasks)) {
                return;
            }
            long jit = 0;
            long gc = 0;
            try (var dirs = java.nio.file.Files.list(tasks)) {
                for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) dirs::iterator) {
                    try {
                        String stat = java.nio.file.Files.readString(task.resolve("stat"));
                        int close = stat.lastIndexOf(')');
                        String comm = stat.substring(stat.indexOf('(') + 1, close);
                        String[] f = stat.substring(close + 2).split(" ");
                        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                        if (comm.contains("CompilerThre")) {
                            jit += ticks;
                        } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
                            gc += ticks;
                        }
                    } catch (IOException | RuntimeException e) {
                        // a thread that ended meanwhile
                    }
                }
            } catch (IOException e) {
                return;
            }
            jitTicks = jit;
            gcTicks = gc;
        }

        /** The bench's own threads; the feed's producer has Kafka's default client id ({@code producer-N}). */
        static boolean isBench(String name) {
            return name.equals("main") || name.startsWith("bench-watch-")
                    || name.startsWith("kafka-producer-network-thread | producer-");
        }

        CpuSplit since(ThreadCpu start, long processCpuNanos, int requests) {
            double c = delta(chorus, start.chorus) / 1e6 / requests;
            double b = delta(bench, start.bench) / 1e6 / requests;
            double tickMs = 10.0 / requests; // USER_HZ is 100 on Linux
            return new CpuSplit(c, b, processCpuNanos / 1e6 / requests - c - b,
                    jitTicks < 0 || start.jitTicks < 0 ? Double.NaN : (jitTicks - start.jitTicks) * tickMs,
                    gcTicks < 0 || start.gcTicks < 0 ? Double.NaN : (gcTicks - start.gcTicks) * tickMs);
        }

        private static long delta(Map<Long, Long> end, Map<Long, Long> start) {
            long sum = 0;
            for (var e : end.entrySet()) {
                sum += e.getValue() - start.getOrDefault(e.getKey(), 0L);
            }
            return sum;
        }
    }

    /** Steady-rate latency: end to end, and added to the model's own latency. */
    public record Latency(int requests, double ratePerSecond, Percentiles endToEndMs, Percentiles addedMs) {
    }

    /** The synchronous baseline and the async pipeline's speed-up over it. */
    public record Baseline(String method, Throughput throughput, double speedUp, double idealSpeedUp) {
    }

    public record Report(String bench, Options options, int executorThreads, Throughput async, Latency latency, Baseline baseline,
                         MemoryProbe.Memory memory, String verdict, ModelUse modelUse) {
    }

    /**
     * What the async run cost at the endpoint, from the stub's own count ({@code GET /v1/stats}); null against another
     * endpoint. Posts are every input of the async run (warm-up, throughput and latency phases).
     */
    public record ModelUse(long posts, long requests, long items, long promptTokens, long completionTokens) {
        public double requestsPerPost() {
            return posts == 0 ? Double.NaN : requests / (double) posts;
        }

        public double tokensPerPost() {
            return posts == 0 ? Double.NaN : (promptTokens + completionTokens) / (double) posts;
        }
    }

    private static final String BASELINE_METHOD = "client.chat() called blocking inside mapValues (one call at a time per stream thread)";

    private AsyncBench() {
    }

    public static Report run(Options o, PrintWriter out) throws InterruptedException {
        int executorThreads = Math.max(16, o.capacity() * o.partitions());
        BenchFeed feed = new BenchFeed(1000);
        boolean ownBroker = o.ownProcesses() && (o.bootstrap() == null || o.bootstrap().isBlank());
        try (ChildJvm brokerJvm = ownBroker ? ChildJvm.start("768m", List.of("broker", "--port", "0", "--no-topics"),
                     java.util.regex.Pattern.compile("broker ready: bootstrap (\\S+)"), Duration.ofMinutes(3)) : null;
             MemoryProbe memory = MemoryProbe.start();
             BenchCluster cluster = BenchCluster.open(ownBroker ? brokerJvm.ready() : o.bootstrap());
             Endpoint stub = Endpoint.open(o)) {
            out.printf("async bench: broker %s%s, %s %s (latency %d ms), C=%d P=%d threads=%d, rate limit %s%n", cluster.bootstrap(),
                    cluster.embedded() ? " (in this JVM)" : ownBroker ? " (own JVM)" : "", stub.description(), stub.baseUrl(),
                    o.latency().toMillis(), o.capacity(), o.partitions(), o.threads(),
                    o.rateLimitRpm() >= Options.UNLIMITED_RPM ? "none" : o.rateLimitRpm() + "/min");
            out.flush();
            Map<String, Object> llm = llmSettings(o, stub.baseUrl(), executorThreads);

            ChorusConfig config = cluster.config("async", llm);
            cluster.createTopics(config, List.of(TopicId.POSTS, TopicId.SCORED, TopicId.DLQ, TopicId.LLM_CACHE),
                    Map.of(TopicId.POSTS, o.partitions(), TopicId.SCORED, o.partitions()));
            double latencyRate = o.limitPerSecond() / 2;
            int latencyRequests = o.latencyRequests() > 0 ? o.latencyRequests() : (int) Math.max(100, Math.round(5 * latencyRate));
            Throughput async;
            Latency latency;
            try (ModelGateway gateway = new ModelGateway(OpenAiChatClient.fromConfig(config), GatewaySettings.fromConfig(config),
                    new SimpleMeterRegistry())) {
                TopologyDeps deps = new TopologyDeps(new VaderSentimentScorer(), Clock.systemUTC(), gateway);
                Phases phases = runAsync(o, config, deps, feed, cluster, latencyRequests, latencyRate);
                async = phases.throughput();
                latency = phases.latency();
            }
            io.chorus.llm.stub.StubStats served = stub.stats();
            ModelUse use = served == null ? null : new ModelUse(warmupRequests(o) + o.requests() + latencyRequests, served.requests(),
                    served.items(), served.promptTokens(), served.completionTokens());
            out.printf("  async: %d requests in %.2f s = %.1f req/s (limit %.1f, %.0f%%)%n", async.requests(), async.seconds(),
                    async.perSecond(), async.limitPerSecond(), async.percentOfLimit());
            out.flush();

            Baseline baseline = null;
            if (o.baseline()) {
                int n = o.baselineRequests() > 0 ? o.baselineRequests()
                        : (int) Math.min(o.requests(), Math.max(20, Math.round(10 * o.syncLimitPerSecond())));
                Throughput sync = runBlocking(o, cluster.config("sync", llm), cluster, feed, n);
                baseline = new Baseline(BASELINE_METHOD, sync, async.perSecond() / sync.perSecond(),
                        o.limitPerSecond() / o.syncLimitPerSecond());
            }
            Report report = new Report("async", o, executorThreads, async, latency, baseline, memory.snapshot(), verdict(async, baseline, o), use);
            print(report, out);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stub LLM server: " + e.getMessage(), e);
        }
    }

    /** The model endpoint of a run: a stub in this JVM, a stub in its own JVM, or a given endpoint. */
    private static final class Endpoint implements AutoCloseable {
        private final StubLlmServer inProcess;
        private final ChildJvm child;
        private final String baseUrl;

        private Endpoint(StubLlmServer inProcess, ChildJvm child, String baseUrl) {
            this.inProcess = inProcess;
            this.child = child;
            this.baseUrl = baseUrl;
        }

        static Endpoint open(Options o) throws IOException {
            if (o.endpoint() != null && !o.endpoint().isBlank()) {
                return new Endpoint(null, null, o.endpoint());
            }
            if (o.ownProcesses()) {
                ChildJvm child = ChildJvm.start("256m", List.of("stub-llm", "--port", "0", "--latency", o.latency().toMillis() + "ms"),
                        java.util.regex.Pattern.compile("ready: (\\S+)"), Duration.ofMinutes(2));
                return new Endpoint(null, child, child.ready());
            }
            StubLlmServer stub = StubLlmServer.builder().latency(o.latency()).port(0).recordRequests(false).start();
            return new Endpoint(stub, null, stub.baseUrl());
        }

        String baseUrl() {
            return baseUrl;
        }

        String description() {
            return inProcess != null ? "stub (this JVM)" : child != null ? "stub (own JVM)" : "endpoint";
        }

        /** What the stub served so far, or null for another endpoint (or a stub that cannot be asked). */
        io.chorus.llm.stub.StubStats stats() {
            if (inProcess != null) {
                return inProcess.stats();
            }
            if (child == null) {
                return null;
            }
            try {
                var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(baseUrl + "/stats")).timeout(Duration.ofSeconds(10)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 ? io.chorus.serde.Json.mapper().readValue(response.body(), io.chorus.llm.stub.StubStats.class)
                        : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public void close() {
            if (inProcess != null) {
                inProcess.close();
            }
            if (child != null) {
                child.close();
            }
        }
    }

    static Map<String, Object> llmSettings(Options o, String baseUrl, int executorThreads) {
        Map<String, Object> s = new HashMap<>();
        s.put(ChorusConfig.SENTIMENT_SCORER, "llm");
        s.put(ChorusConfig.LLM_BASE_URL, baseUrl);
        s.put(ChorusConfig.LLM_MODEL, StubLlmServer.DEFAULT_MODEL);
        s.put(ChorusConfig.LLM_API_KEY, "sk-bench");
        s.put(ChorusConfig.ASYNC_CAPACITY, o.capacity());
        s.put(ChorusConfig.ASYNC_EXECUTOR_THREADS, executorThreads);
        s.put(ChorusConfig.LLM_REQUESTS_PER_MINUTE, o.rateLimitRpm());
        s.put(ChorusConfig.LLM_TOKENS_PER_MINUTE, 1_000_000_000);
        s.put(ChorusConfig.NUM_STREAM_THREADS, o.threads());
        s.put(ChorusConfig.COMMUNITIES_ENABLED, false);
        s.put(ChorusConfig.COMMIT_INTERVAL_MS, o.commitIntervalMs());
        s.put(ChorusConfig.ASYNC_BATCH_SIZE, o.batch());
        return s;
    }

    private record Phases(Throughput throughput, Latency latency) {
    }

    /**
     * On one running application: a warm-up (connections, JIT, the first transactions), then throughput (a burst of
     * all requests at once), then latency (a steady half of the limit). Inputs are numbered warm-up first, then
     * burst, then latency, so one watcher sees them all.
     */
    private static Phases runAsync(Options o, ChorusConfig config, TopologyDeps deps, BenchFeed feed, BenchCluster cluster,
                                   int latencyRequests, double latencyRate) throws InterruptedException {
        Topics topics = Topics.from(config);
        int warmup = warmupRequests(o);
        int burstEnd = warmup + o.requests();
        int total = burstEnd + latencyRequests;
        long[] sent = new long[total];
        try (ChorusApp app = ChorusApp.start(config, deps, false);
             OutputWatcher scored = new OutputWatcher(cluster.bootstrap(), topics.scored.name(), total);
             OutputWatcher dlq = new OutputWatcher(cluster.bootstrap(), topics.dlq.name(), total);
             var producer = FeedProducer.producer(config.kafkaClientProps())) {
            app.awaitRunning(Duration.ofSeconds(60));
            boolean done = phase(scored, o, warmup, () -> feed.produceAll(producer, topics.posts.name(), 0, warmup, sent));
            long start = System.nanoTime();
            ThreadCpu threads0 = ThreadCpu.snapshot();
            ChorusCost.Meter meter = ChorusCost.start();
            done = done && phase(scored, o, burstEnd, () -> feed.produceAll(producer, topics.posts.name(), warmup, burstEnd, sent));
            long burstPhaseEnd = System.nanoTime();
            ChorusCost cost = meter.stop();
            CpuSplit split = ThreadCpu.snapshot().since(threads0, cost.cpuNanos(), o.requests());
            done = done && phase(scored, o, total,
                    () -> feed.produceAtRate(producer, topics.posts.name(), burstEnd, latencyRequests, latencyRate, sent));
            scored.settleAndStop(Duration.ofMillis(Math.max(500, 3 * o.commitIntervalMs())));
            dlq.settleAndStop(Duration.ZERO);
            OutputWatcher.Counts c = scored.counts();
            long[] received = scored.receivedNanos();

            int burstOutputs = 0;
            long lastBurst = 0;
            for (int i = warmup; i < burstEnd; i++) {
                burstOutputs += received[i] > 0 ? 1 : 0;
                lastBurst = Math.max(lastBurst, received[i]);
            }
            double seconds = ((burstOutputs == o.requests() ? lastBurst : burstPhaseEnd) - start) / 1e9;
            double perSecond = burstOutputs / seconds;
            long dead = dlq.counts().total();
            Throughput t = new Throughput(o.requests(), burstOutputs, c.duplicates() + c.unidentified(), c.missing(), dead,
                    c.exactlyOnce() && dead == 0, done, seconds, perSecond, o.limitPerSecond(), 100 * perSecond / o.limitPerSecond(),
                    cost.cpuNanos() / 1e6 / o.requests(), cost.allocatedBytes() / 1024.0 / o.requests(), cost.peakThreads(), split);
            Latency latency = null;
            if (done) {
                org.HdrHistogram.Histogram e2e = new org.HdrHistogram.Histogram(3);
                org.HdrHistogram.Histogram added = new org.HdrHistogram.Histogram(3);
                for (int i = 0; i < latencyRequests; i++) {
                    long nanos = received[burstEnd + i] - sent[burstEnd + i];
                    e2e.recordValue(Math.max(0, nanos));
                    added.recordValue(Math.max(0, nanos - o.latency().toNanos()));
                }
                latency = new Latency(latencyRequests, latencyRate, Percentiles.of(e2e), Percentiles.of(added));
            }
            return new Phases(t, latency);
        }
    }

    /** Enough requests to fill every task's capacity twice (at least 20), not counted in any figure. */
    static int warmupRequests(Options o) {
        return Math.max(20, 2 * o.capacity() * o.partitions());
    }

    /** Produces, then waits until inputs {@code 0..upTo-1} all have an output; false at the deadline. */
    private static boolean phase(OutputWatcher watcher, Options o, int upTo, Runnable produce) throws InterruptedException {
        produce.run();
        return watcher.awaitDistinct(upTo, System.nanoTime() + o.timeout().toNanos());
    }

    private static Throughput runBlocking(Options o, ChorusConfig config, BenchCluster cluster, BenchFeed feed, int n)
            throws InterruptedException {
        Topics topics = Topics.from(config);
        cluster.createTopics(config, List.of(TopicId.POSTS, TopicId.SCORED, TopicId.DLQ),
                Map.of(TopicId.POSTS, o.partitions(), TopicId.SCORED, o.partitions()));
        int warmup = 2 * Math.min(o.threads(), o.partitions()); // first calls and first transaction, not counted
        try (OpenAiChatClient client = OpenAiChatClient.fromConfig(config);
             BenchStreams streams = BenchStreams.start(BenchStreams.blockingModel(config, client), config);
             OutputWatcher scored = new OutputWatcher(cluster.bootstrap(), topics.scored.name(), warmup + n);
             OutputWatcher dlq = new OutputWatcher(cluster.bootstrap(), topics.dlq.name(), warmup + n);
             var producer = FeedProducer.producer(config.kafkaClientProps())) {
            streams.awaitRunning(Duration.ofSeconds(60));
            boolean done = phase(scored, o, warmup, () -> feed.produceAll(producer, topics.posts.name(), 0, warmup, null));
            long start = System.nanoTime();
            ThreadCpu threads0 = ThreadCpu.snapshot();
            ChorusCost.Meter meter = ChorusCost.start();
            done = done && phase(scored, o, warmup + n, () -> feed.produceAll(producer, topics.posts.name(), warmup, warmup + n, null));
            long end = System.nanoTime();
            ChorusCost cost = meter.stop();
            CpuSplit split = ThreadCpu.snapshot().since(threads0, cost.cpuNanos(), n);
            scored.settleAndStop(Duration.ofMillis(Math.max(500, 3 * o.commitIntervalMs())));
            dlq.settleAndStop(Duration.ZERO);
            OutputWatcher.Counts c = scored.counts();
            double seconds = ((done ? c.lastNanos() : end) - start) / 1e9;
            double perSecond = (c.distinct() - warmup) / seconds;
            return new Throughput(n, c.distinct() - warmup, c.duplicates() + c.unidentified(), c.missing(), dlq.counts().total(),
                    c.exactlyOnce() && dlq.counts().total() == 0, done, seconds, perSecond, o.syncLimitPerSecond(),
                    100 * perSecond / o.syncLimitPerSecond(), cost.cpuNanos() / 1e6 / n, cost.allocatedBytes() / 1024.0 / n, cost.peakThreads(),
                    split);
        }
    }

    private static String verdict(Throughput async, Baseline baseline, Options o) {
        StringBuilder v = new StringBuilder();
        v.append(async.percentOfLimit() >= 80 ? "MET" : "NOT MET").append(String.format(": throughput %.0f%% of the limit (goal >= 80%%)",
                async.percentOfLimit()));
        if (baseline != null) {
            v.append(String.format("; speed-up %.1fx over the synchronous baseline (ideal %.1fx = limit / sync limit; C = %d)",
                    baseline.speedUp(), baseline.idealSpeedUp(), o.capacity()));
        }
        if (!async.exactlyOnce() || !async.completed()) {
            v.append("; CORRECTNESS PROBLEM: not every request gave exactly one output");
        }
        return v.toString();
    }

    static void print(Report r, PrintWriter out) {
        Options o = r.options();
        out.println();
        out.println("== chorus bench async ==");
        out.printf("stub latency L %d ms | capacity C %d | partitions P %d | stream threads %d | executor threads %d | rate limit %s | commit %d ms%n",
                o.latency().toMillis(), o.capacity(), o.partitions(), o.threads(), r.executorThreads(),
                o.rateLimitRpm() >= Options.UNLIMITED_RPM ? "none" : o.rateLimitRpm() + "/min", o.commitIntervalMs());
        out.printf("%-34s %9s %9s %8s %10s %10s %8s %6s %5s %10s %10s %7s%n", "run", "requests", "outputs", "seconds", "req/s", "limit/s",
                "% limit", "dups", "dlq", "cpu ms/req", "alloc KB/req", "threads");
        row(out, "async (Chorus, C*P in flight)", r.async());
        if (r.baseline() != null) {
            row(out, "sync baseline (1 call/thread)", r.baseline().throughput());
            out.printf("speed-up over sync: %.1fx (ideal %.1fx)%n", r.baseline().speedUp(), r.baseline().idealSpeedUp());
        }
        cpuSplit(out, "async", r.async());
        if (r.baseline() != null) {
            cpuSplit(out, "sync baseline", r.baseline().throughput());
        }
        if (r.modelUse() != null) {
            ModelUse u = r.modelUse();
            out.printf("model use (stub's count, async run): %d requests for %d posts = %.3f per post (batch %d), %d items; "
                    + "%.1f tokens per post (%d prompt, %d completion)%n", u.requests(), u.posts(), u.requestsPerPost(), o.batch(), u.items(),
                    u.tokensPerPost(), u.promptTokens(), u.completionTokens());
        }
        if (r.latency() != null) {
            Latency l = r.latency();
            out.printf("latency at %.0f req/s (%d requests): end-to-end p50 %.1f ms, p99 %.1f ms; added to L: p50 %.1f ms, p99 %.1f ms%n",
                    l.ratePerSecond(), l.requests(), l.endToEndMs().p50Ms(), l.endToEndMs().p99Ms(), l.addedMs().p50Ms(), l.addedMs().p99Ms());
        }
        MemoryProbe.Memory m = r.memory();
        out.printf("cpu, allocation and threads: this JVM (%s)%n", o.ownProcesses()
                ? "Chorus and the bench's producer and readers; stub and bench-started broker in their own JVMs"
                : "everything in it: broker, stub, Chorus");
        out.printf("memory (this JVM): peak heap %d MB (pool peaks %d MB, max %d MB), peak RSS %d MB%s%n",
                m.peakHeapUsedMb(), m.poolPeakSumMb(), m.heapMaxMb(), m.peakRssMb(), m.rssPeakWasReset() ? "" : " (since JVM start)");
        out.println("verdict: " + r.verdict());
        out.flush();
    }

    private static void cpuSplit(PrintWriter out, String name, Throughput t) {
        CpuSplit c = t.cpuSplit();
        out.printf("%s cpu ms/req by thread: Chorus %.2f, bench feed and readers %.2f, JVM (GC, JIT) and ended threads %.2f"
                        + " (of which JIT compiler threads %.2f, GC and VM threads %.2f)%n", name,
                c.chorusThreadsMs(), c.benchThreadsMs(), c.jvmAndOtherMs(), c.jitMs(), c.gcMs());
    }

    private static void row(PrintWriter out, String name, Throughput t) {
        out.printf("%-34s %9d %9d %8.2f %10.1f %10.1f %7.0f%% %6d %5d %10.2f %12.1f %7d%s%n", name, t.requests(), t.outputs(), t.seconds(),
                t.perSecond(), t.limitPerSecond(), t.percentOfLimit(), t.duplicates(), t.deadLettered(), t.cpuMsPerRequest(),
                t.allocKbPerRequest(), t.peakThreads(),
                t.completed() ? "" : "  INCOMPLETE (deadline)");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
