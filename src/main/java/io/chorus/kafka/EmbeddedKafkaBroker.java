package io.chorus.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (KRaft, broker and controller in one process) on loopback, from the
 * {@code kafka_2.13} broker classes: what {@code chorus demo}, {@code chorus broker} and the integration tests
 * run against. Not a mock: the same code that runs a production broker.
 *
 * <p>Start with {@link #start(int, Path)}; {@link #close()} stops it and, if the data directory was temporary,
 * deletes it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final String bootstrap;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrap, Path dataDir, boolean ownsDataDir) {
        this.server = server;
        this.bootstrap = bootstrap;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    /** Starts a broker on a free port with a temporary data directory. */
    public static EmbeddedKafkaBroker start() {
        return start(0, null);
    }

    /**
     * Starts a broker.
     *
     * @param port    client port on 127.0.0.1; 0 picks a free one
     * @param dataDir log directory; null for a temporary one deleted on close. An existing, already formatted
     *                directory is reused, so topics and data survive a restart.
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir) {
        return start(port, dataDir, Map.of());
    }

    /**
     * As {@link #start(int, Path)}, with broker properties {@code overrides} on top of the defaults (for tests of broker
     * behaviour, e.g. a short {@code log.retention.check.interval.ms}).
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir, Map<String, String> overrides) {
        try {
            boolean owns = dataDir == null;
            Path dir = owns ? Files.createTempDirectory("chorus-kafka-") : dataDir.toAbsolutePath();
            Files.createDirectories(dir);
            Path logDir = dir.resolve("logs");
            boolean formatted = Files.exists(logDir.resolve("meta.properties"));
            Properties previous = formatted ? readProperties(dir.resolve("server.properties")) : new Properties();
            // A formatted KRaft log remembers its controller endpoint: reuse the ports it was formatted with.
            int clientPort = port != 0 ? port : portOf(previous.getProperty("advertised.listeners"), freePort());
            int controllerPort = portOf(previous.getProperty("controller.quorum.bootstrap.servers"), freePort());
            Properties props = brokerProperties(dir, clientPort, controllerPort);
            props.putAll(overrides);
            if (!formatted) {
                format(dir, props);
            }
            long started = System.nanoTime();
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + clientPort;
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, dir, owns);
            broker.awaitReady(Duration.ofSeconds(60));
            LOG.info("Embedded Kafka broker ready at {} in {} ms (data in {})", bootstrap,
                    (System.nanoTime() - started) / 1_000_000, dir);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    private static Properties brokerProperties(Path dir, int clientPort, int controllerPort) {
        Properties p = KraftNodeProperties.of(1, "127.0.0.1:" + controllerPort, clientPort, controllerPort, dir, 1);
        // one node: the broker never needs its log flushed by count (the OS page cache is enough for tests and demos)
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        return p;
    }

    private static void format(Path dir, Properties props) throws IOException {
        Path file = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(w, "Chorus embedded broker");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            kafka.tools.StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString(),
                    "--standalone"}, ps);
        } catch (Exception e) {
            throw new IOException("formatting " + dir + " failed: " + e.getMessage() + " " + out.toString(StandardCharsets.UTF_8), e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 5000,
                "default.api.timeout.ms", 10000))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded broker at " + bootstrap + " not ready after " + timeout, e);
                    }
                }
                Thread.sleep(100); // polling a condition in a start-up loop, not a test
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private static Properties readProperties(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    private static int portOf(String address, int fallback) {
        if (address == null || address.lastIndexOf(':') < 0) {
            return fallback;
        }
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1).trim());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** The bootstrap address, {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return bootstrap;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
        LOG.info("Embedded Kafka broker at {} stopped", bootstrap);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
