package io.chorus.soak;

import io.chorus.app.ChorusApp;
import io.chorus.config.ChorusConfig;
import io.chorus.imports.ImportResult;
import io.chorus.imports.ImportedRecord;
import io.chorus.imports.ProfileExports;
import io.chorus.imports.TweetExports;
import io.chorus.kafka.EmbeddedKafkaBroker;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.reconcile.ReconcileReport;
import io.chorus.reconcile.Reconciler;
import io.chorus.serde.Json;
import io.chorus.topics.Topics;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A soak with faults: real-shaped traffic (rows of real tweet and profile exports, replayed with fresh ids) into a
 * {@code chorus run} child JVM scoring with the model (the OpenAI-compatible stub) on an embedded broker, while the
 * child is killed with SIGKILL and restarted, the broker is stopped and started on the same data, and the stub
 * answers bursts of 429, 500, 503 and malformed bodies. Afterwards it reconciles every input (read_committed) and
 * reports gaps and duplicates; the run passes only when both are zero.
 */
public final class Soak {

    /** What to run. */
    public record Settings(Duration duration, int postsPerSecond, Path exports, Duration drainTimeout, Map<String, String> overrides) {
    }

    /** What happened, the numbers a report quotes. */
    public record Result(long postsProduced, long profilesProduced, long sendFailures, int kills, int brokerRestarts, long modelFaults,
                         long stubRequests, ReconcileReport report, Duration elapsed) {
        public boolean passed() {
            return report.balanced() && report.pending() == 0;
        }
    }

    private static final StubLlmServer.Fault[] FAULTS = {StubLlmServer.Fault.RATE_LIMITED, StubLlmServer.Fault.SERVER_ERROR,
            StubLlmServer.Fault.SERVICE_UNAVAILABLE, StubLlmServer.Fault.MALFORMED_JSON};

    private Soak() {
    }

    public static Result run(Settings settings, PrintWriter out) throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<Path> tweetFiles = find(settings.exports(), "TwExportly_");
        List<Path> profileFiles = find(settings.exports(), "TwFollow_");
        if (tweetFiles.isEmpty()) {
            throw new IllegalArgumentException("no tweet exports (TwExportly_*.csv) under " + settings.exports());
        }
        ImportResult tweets = TweetExports.read(tweetFiles, null);
        ImportResult profiles = profileFiles.isEmpty() ? null : ProfileExports.read(profileFiles);
        out.printf("Soak: %d tweet rows and %d profiles from %s; %s at %d posts/s%n", tweets.records().size(),
                profiles == null ? 0 : profiles.records().size(), settings.exports(), settings.duration(), settings.postsPerSecond());
        out.flush();

        Path dataDir = Files.createTempDirectory("chorus-soak-kafka-");
        Path log = Files.createTempFile("chorus-soak-child-", ".log");
        int port = freePort();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dataDir);
        int kills = 0;
        int restarts = 0;
        long faults = 0;
        try (StubLlmServer stub = StubLlmServer.builder().port(0).latency(Duration.ofMillis(20)).recordRequests(false).start()) {
            ChorusConfig config = config(broker.bootstrapServers(), stub.baseUrl(), settings.overrides());
            Topics topics = Topics.from(config);
            ChorusApp.ensureTopics(config);
            Traffic traffic = new Traffic(config, topics, tweets.records(), settings.postsPerSecond());
            long profilesSent = profiles == null ? 0 : traffic.sendAll(topics.profiles.name(), profiles.records());
            Process child = startChild(config, log);
            traffic.start();
            long durationNanos = settings.duration().toNanos();
            long t0 = System.nanoTime();
            boolean killed = false;
            boolean brokerRestarted = false;
            long nextFault = t0 + TimeUnit.SECONDS.toNanos(5);
            int faultIndex = 0;
            while (System.nanoTime() - t0 < durationNanos) {
                long now = System.nanoTime();
                if (now >= nextFault) {
                    stub.failNext(5, FAULTS[faultIndex++ % FAULTS.length]);
                    faults += 5;
                    nextFault = now + TimeUnit.SECONDS.toNanos(5);
                }
                if (!killed && now - t0 > durationNanos * 3 / 10) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no leave-group
                    child.waitFor(30, TimeUnit.SECONDS);
                    kills++;
                    out.printf("Soak: killed the chorus child with SIGKILL after %d posts; restarting it%n", traffic.sent());
                    out.flush();
                    child = startChild(config, log);
                    killed = true;
                }
                if (!brokerRestarted && now - t0 > durationNanos * 6 / 10) {
                    out.printf("Soak: stopping the broker after %d posts; starting it again on the same data%n", traffic.sent());
                    out.flush();
                    broker.close();
                    broker = EmbeddedKafkaBroker.start(port, dataDir);
                    restarts++;
                    brokerRestarted = true;
                }
                Thread.sleep(200); // the fault schedule's clock tick; nothing waits on a condition here
            }
            traffic.stop();
            out.printf("Soak: traffic stopped after %d posts (%d sends failed); waiting for the pipeline to catch up%n",
                    traffic.sent(), traffic.failed());
            out.flush();
            Reconciler reconciler = new Reconciler(config, Clock.systemUTC());
            ReconcileReport report = reconciler.run(Reconciler.Options.of(null, null));
            long drainDeadline = System.nanoTime() + settings.drainTimeout().toNanos();
            while ((report.pending() > 0 || !report.balanced()) && System.nanoTime() < drainDeadline) {
                Thread.sleep(2000); // poll interval of the reconciliation
                report = reconciler.run(Reconciler.Options.of(null, null));
            }
            child.destroy();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
            Result result = new Result(traffic.sent(), profilesSent, traffic.failed(), kills, restarts, faults, stub.requestCount(), report,
                    Duration.ofNanos(System.nanoTime() - started));
            report.print(out);
            out.printf("Soak result: %d posts and %d profiles produced (%d sends failed), %d SIGKILL(s), %d broker restart(s), "
                            + "%d model faults injected, %d stub requests; gaps %d, duplicates %d, pending %d; %s in %d s (child log %s)%n",
                    result.postsProduced(), profilesSent, result.sendFailures(), kills, restarts, faults, result.stubRequests(),
                    report.gaps(), report.duplicates(), report.pending(), result.passed() ? "PASSED" : "FAILED",
                    result.elapsed().toSeconds(), log);
            out.flush();
            return result;
        } finally {
            broker.close();
        }
    }

    static ChorusConfig config(String bootstrap, String stubUrl, Map<String, String> overrides) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> p = new HashMap<>();
        p.put(ChorusConfig.BOOTSTRAP_SERVERS, bootstrap);
        p.put(ChorusConfig.APPLICATION_ID, "chorus-soak-" + run);
        try {
            p.put(ChorusConfig.STATE_DIR, Files.createTempDirectory("chorus-soak-state-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.put(ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
        p.put(ChorusConfig.SENTIMENT_SCORER, "llm");
        p.put(ChorusConfig.LLM_BASE_URL, stubUrl);
        p.put(ChorusConfig.LLM_API_KEY, "soak");
        p.put(ChorusConfig.LLM_REQUESTS_PER_MINUTE, 1_000_000);
        p.put(ChorusConfig.LLM_TOKENS_PER_MINUTE, 100_000_000);
        p.put(ChorusConfig.ASYNC_ORDERING, "UNORDERED");
        p.put(ChorusConfig.ASYNC_EXECUTOR_THREADS, 8);
        p.put(ChorusConfig.GENERATION_MODEL, "offline");
        p.put(ChorusConfig.HTTP_ENABLED, false);
        p.put(ChorusConfig.COMMIT_INTERVAL_MS, 200L);
        // a killed member must leave the group quickly, or the restart waits out the 45 s default
        p.put(ChorusConfig.STREAMS_PREFIX + "session.timeout.ms", 6000);
        p.put(ChorusConfig.STREAMS_PREFIX + "heartbeat.interval.ms", 1000);
        p.putAll(overrides);
        return new ChorusConfig(p);
    }

    /** {@code chorus run} in its own JVM with this JVM's classpath. */
    private static Process startChild(ChorusConfig config, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), "io.chorus.cli.ChorusCli", "run"));
        config.originals().forEach((k, v) -> {
            command.add("--set");
            command.add(k + "=" + v);
        });
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Replays tweet rows with fresh post ids, written now, at a steady rate on its own thread; counts acknowledged sends. */
    private static final class Traffic {
        private final KafkaProducer<byte[], byte[]> producer;
        private final Topics topics;
        private final List<ImportedRecord> rows;
        private final int perSecond;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        Traffic(ChorusConfig config, Topics topics, List<ImportedRecord> rows, int perSecond) {
            Map<String, Object> props = new HashMap<>(config.kafkaClientProps());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            // One request in flight: a batch retried across the broker restart can never land behind a later one.
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            this.producer = new KafkaProducer<>(props);
            this.topics = topics;
            this.rows = rows;
            this.perSecond = perSecond;
        }

        long sendAll(String topic, List<ImportedRecord> records) {
            for (ImportedRecord r : records) {
                send(new ProducerRecord<>(topic, r.key().getBytes(StandardCharsets.UTF_8), r.value()));
            }
            producer.flush();
            return sent.getAndSet(0);
        }

        void start() {
            running = true;
            thread = new Thread(this::loop, "soak-traffic");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            long n = 0;
            long t0 = System.nanoTime();
            while (running) {
                ImportedRecord row = rows.get((int) (n % rows.size()));
                long cycle = n / rows.size();
                send(new ProducerRecord<>(topics.posts.name(), row.key().getBytes(StandardCharsets.UTF_8), withFreshId(row.value(), cycle)));
                n++;
                long due = t0 + n * 1_000_000_000L / perSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait); // pacing the offered load, not waiting for a condition
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        private void send(ProducerRecord<byte[], byte[]> record) {
            producer.send(record, (meta, e) -> {
                if (e == null) {
                    sent.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            });
        }

        /**
         * The row with a fresh id and written now: live traffic, not a replay of 2024. With the rows' historical
         * {@code createdAt} every output and dead letter carries an event time years old, and time-based retention
         * deletes a segment as soon as its newest record is older than {@code retention.ms}: dead letters deleted
         * that way were counted as gaps by the reconciliation.
         */
        private static byte[] withFreshId(byte[] value, long cycle) {
            try {
                ObjectNode post = (ObjectNode) Json.mapper().readTree(value);
                post.put("id", post.get("id").asText() + "-" + cycle);
                post.put("createdAt", Instant.now().toString());
                return Json.mapper().writeValueAsBytes(post);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(10_000);
            }
            producer.flush();
            producer.close(Duration.ofSeconds(60));
        }

        long sent() {
            return sent.get();
        }

        long failed() {
            return failed.get();
        }
    }

    private static List<Path> find(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
