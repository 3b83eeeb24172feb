package io.chorus.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real multi-node Kafka cluster on loopback: each node a separate JVM ({@code kafka.Kafka server.properties}) with
 * combined broker and controller roles, the controllers a static quorum of every node (formatted with
 * {@code --initial-controllers}). Internal topics and new topics get three replicas and {@code min.insync.replicas=2},
 * so one node can die without losing a committed record or blocking writes.
 *
 * <p>Separate processes so that a node can be killed with SIGKILL ({@link #kill}) and restarted alone
 * ({@link #restart}) like a real broker: the parent JVM is not a broker. Each node's directory
 * ({@code <data>/node-<id>}) keeps its {@code server.properties} and {@code broker.log}; a formatted directory is
 * reused with the ports it was formatted with, so a cluster survives a restart of every node.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
    /** Generous: three JVMs starting on a busy machine of two cores took over two minutes. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    /** One node: its id (1-based), client port, controller port and directory; {@code pid} of the live process or -1. */
    public record Node(int id, int port, int controllerPort, Path dir, long pid) {
        public String bootstrap() {
            return "127.0.0.1:" + port;
        }
    }

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final List<Node> nodes;
    private final Process[] processes;
    private final Thread cleanup;
    private boolean closed;
    private boolean keepData;

    private KafkaCluster(Path dataDir, boolean ownsDataDir, List<Node> nodes) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.nodes = new ArrayList<>(nodes);
        this.processes = new Process[nodes.size()];
        // Children outlive a parent that exits without close(); this hook stops them on any normal JVM exit.
        this.cleanup = new Thread(this::destroyAll, "chorus-kafka-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Formats (when new) and starts {@code size} nodes, and waits until every one is registered.
     *
     * @param size     number of nodes, 1..9 (3 for a cluster that survives one failure)
     * @param basePort client port of node 1; node i listens on basePort+i-1. 0 picks free ports.
     * @param dataDir  parent of the node directories, kept across restarts; null for a temporary one deleted on close
     */
    public static KafkaCluster start(int size, int basePort, Path dataDir) {
        if (size < 1 || size > 9) {
            throw new IllegalArgumentException("a cluster needs 1 to 9 nodes, not " + size);
        }
        try {
            boolean owns = dataDir == null;
            Path dir = owns ? Files.createTempDirectory("chorus-kafka-cluster-") : dataDir.toAbsolutePath();
            Files.createDirectories(dir);
            List<Node> nodes = layout(size, basePort, dir);
            KafkaCluster cluster = new KafkaCluster(dir, owns, nodes);
            try {
                cluster.formatIfNew();
                for (Node node : nodes) {
                    cluster.launch(node.id());
                }
                cluster.awaitNodes(size, READY_TIMEOUT);
                LOG.info("Kafka cluster of {} nodes ready at {} (data in {})", size, cluster.bootstrapServers(), dir);
                return cluster;
            } catch (RuntimeException | IOException e) {
                cluster.keepData = true; // the node logs say why
                cluster.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka cluster: " + e.getMessage(), e);
        }
    }

    /**
     * Starts one node of the cluster formatted under {@code dataDir} (the others may be running in another process)
     * and waits until it answers; closing the result stops that node only.
     */
    public static KafkaCluster startNode(Path dataDir, int id) {
        Path dir = dataDir.toAbsolutePath();
        try (Stream<Path> children = Files.list(dir)) {
            int size = (int) children.filter(c -> c.getFileName().toString().matches("node-\\d+")
                    && Files.exists(c.resolve("logs").resolve("meta.properties"))).count();
            if (size == 0 || id < 1 || id > size) {
                throw new IllegalArgumentException("no formatted node " + id + " under " + dir
                        + " (start the cluster with --nodes N --data-dir " + dir + " first)");
            }
            KafkaCluster cluster = new KafkaCluster(dir, false, layout(size, 0, dir));
            cluster.launch(id);
            cluster.awaitNodeAnswers(id, READY_TIMEOUT);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka node " + id + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void awaitNodeAnswers(int id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", node(id).bootstrap(), "request.timeout.ms", 5000,
                "default.api.timeout.ms", 10000))) {
            while (true) {
                checkAlive();
                try {
                    if (admin.describeCluster().nodes().get().stream().anyMatch(n -> n.id() == id)) {
                        return;
                    }
                } catch (Exception e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka node " + id + " not serving after " + timeout
                            + " (log: " + node(id).dir().resolve("broker.log") + ")");
                }
                Thread.sleep(200); // polling a condition in a start-up loop, not a test
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka node " + id, e);
        }
    }

    /** Ports from the node directories when formatted (a KRaft log remembers its voters), else new ones. */
    private static List<Node> layout(int size, int basePort, Path dir) throws IOException {
        List<Node> nodes = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            Path nodeDir = dir.resolve("node-" + id);
            Properties previous = readProperties(nodeDir.resolve("server.properties"));
            int port = previous.isEmpty() ? (basePort == 0 ? EmbeddedKafkaBroker.freePort() : basePort + id - 1)
                    : portOf(previous.getProperty("advertised.listeners"));
            int controllerPort = previous.isEmpty() ? EmbeddedKafkaBroker.freePort() : controllerPortOf(previous);
            nodes.add(new Node(id, port, controllerPort, nodeDir, -1));
        }
        return nodes;
    }

    private void formatIfNew() throws IOException {
        if (nodes.stream().allMatch(n -> Files.exists(n.dir().resolve("logs").resolve("meta.properties")))) {
            return;
        }
        if (nodes.stream().anyMatch(n -> Files.exists(n.dir().resolve("logs").resolve("meta.properties")))) {
            throw new IllegalStateException("some node directories under " + dataDir + " are formatted and some are not: "
                    + "use a new --data-dir, or one from a cluster of the same size");
        }
        String clusterId = Uuid.randomUuid().toString();
        // id@host:port:directoryId for every voter; the same list formats every node, each takes its own directory id.
        String initialControllers = nodes.stream()
                .map(n -> n.id() + "@127.0.0.1:" + n.controllerPort() + ":" + Uuid.randomUuid())
                .collect(Collectors.joining(","));
        for (Node node : nodes) {
            Files.createDirectories(node.dir());
            Path file = node.dir().resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                nodeProperties(node).store(w, "Chorus Kafka cluster node " + node.id());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
                kafka.tools.StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", file.toString(),
                        "--initial-controllers", initialControllers}, ps);
            } catch (Exception e) {
                throw new IOException("formatting " + node.dir() + " failed: " + e.getMessage() + " "
                        + out.toString(StandardCharsets.UTF_8), e);
            }
        }
    }

    private Properties nodeProperties(Node node) {
        Properties p = KraftNodeProperties.of(node.id(), nodes.stream().map(n -> "127.0.0.1:" + n.controllerPort())
                .collect(Collectors.joining(",")), node.port(), node.controllerPort(), node.dir(), nodes.size());
        // Kafka Streams' own rebalance protocol (group.protocol=streams): no start-up delay, and let a group choose
        // the session timeout the classic protocol allows (6 s), so failover can be compared like for like.
        p.put("group.streams.initial.rebalance.delay.ms", "0");
        p.put("group.streams.min.session.timeout.ms", "6000");
        p.put("group.streams.min.heartbeat.interval.ms", "1000");
        // A killed producer's open transaction blocks read_committed readers of its partitions until the coordinator
        // aborts it (transaction.timeout.ms after its start); look for such transactions every 2 s, not every 10 s.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "2000");
        // a replica that lost its tail in a kill must not become leader (the default, stated because it matters here)
        p.put("unclean.leader.election.enable", "false");
        return p;
    }

    /** Starts node {@code id}'s JVM (its directory must be formatted). */
    private synchronized void launch(int id) throws IOException {
        Node node = node(id);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), "kafka.Kafka", node.dir().resolve("server.properties").toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(node.dir().resolve("broker.log").toFile())).start();
        processes[id - 1] = process;
        nodes.set(id - 1, new Node(id, node.port(), node.controllerPort(), node.dir(), process.pid()));
        LOG.info("Kafka node {} started: port {}, pid {}", id, node.port(), process.pid());
    }

    /** Waits until {@code count} nodes are registered with the controller quorum and serving clients. */
    public void awaitNodes(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitAnyPortOpen(deadline);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(), "request.timeout.ms", 5000,
                "default.api.timeout.ms", 10000))) {
            while (true) {
                checkAlive();
                try {
                    if (admin.describeCluster().nodes().get().size() >= count) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka cluster at " + bootstrapServers() + " has not " + count
                                + " nodes after " + timeout + " (logs: " + dataDir + "/node-*/broker.log)", e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka cluster at " + bootstrapServers() + " has not " + count
                            + " nodes after " + timeout + " (logs: " + dataDir + "/node-*/broker.log)");
                }
                Thread.sleep(200); // polling a condition in a start-up loop, not a test
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka cluster", e);
        }
    }

    /** Connecting the admin client before a port listens only fills the log with warnings. */
    private void awaitAnyPortOpen(long deadline) {
        while (System.nanoTime() < deadline) {
            checkAlive();
            for (Node n : nodes()) {
                try (java.net.Socket socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", n.port()), 500);
                    return;
                } catch (IOException e) {
                    // not listening yet
                }
            }
            try {
                Thread.sleep(200); // polling a condition in a start-up loop, not a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void checkAlive() {
        for (int i = 0; i < processes.length; i++) {
            Process p = processes[i];
            if (p != null && !p.isAlive() && p.exitValue() != 0 && p.exitValue() != 137 && p.exitValue() != 143) {
                throw new IllegalStateException("Kafka node " + (i + 1) + " exited with code " + p.exitValue()
                        + " (log: " + node(i + 1).dir().resolve("broker.log") + ")");
            }
        }
    }

    /** Every node's client address, comma-separated: what clients bootstrap from (any live node answers). */
    public String bootstrapServers() {
        return nodes.stream().map(Node::bootstrap).collect(Collectors.joining(","));
    }

    /** The nodes with their current pids (-1 for a stopped node). */
    public synchronized List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public synchronized Node node(int id) {
        if (id < 1 || id > nodes.size()) {
            throw new IllegalArgumentException("no node " + id + " in a cluster of " + nodes.size());
        }
        return nodes.get(id - 1);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The live process of node {@code id}, if any. */
    public synchronized boolean isRunning(int id) {
        Process p = processes[id - 1];
        return p != null && p.isAlive();
    }

    /** SIGKILL: the node stops at once, no controlled shutdown, no flush (what a crash or an OOM kill does). */
    public void kill(int id) {
        stopProcess(id, true);
    }

    /** SIGTERM and wait: a controlled shutdown that moves leadership away first. */
    public void stop(int id) {
        stopProcess(id, false);
    }

    private void stopProcess(int id, boolean force) {
        Process p;
        synchronized (this) {
            node(id);
            p = processes[id - 1];
        }
        if (p == null) {
            return;
        }
        ChildProcesses.stop(p, force);
        synchronized (this) {
            Node n = nodes.get(id - 1);
            nodes.set(id - 1, new Node(id, n.port(), n.controllerPort(), n.dir(), -1));
            processes[id - 1] = null;
        }
        LOG.info("Kafka node {} {}", id, force ? "killed" : "stopped");
    }

    /** Starts node {@code id} again from its directory (after {@link #kill} or {@link #stop}) and waits until it has registered. */
    public void restart(int id) {
        if (isRunning(id)) {
            throw new IllegalStateException("Kafka node " + id + " is running (pid " + node(id).pid() + ")");
        }
        try {
            launch(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart Kafka node " + id + ": " + e.getMessage(), e);
        }
        awaitNodes(nodes.size(), READY_TIMEOUT);
    }

    /** Called when a node's process exits (for the CLI's notice); null when it is not running. */
    public synchronized java.util.concurrent.CompletableFuture<Process> onExit(int id) {
        Process p = processes[id - 1];
        return p == null ? null : p.onExit();
    }

    private void destroyAll() {
        IntStream.rangeClosed(1, nodes.size()).forEach(id -> {
            Process p;
            synchronized (this) {
                p = processes[id - 1];
            }
            if (p != null) {
                p.destroy();
            }
        });
        for (Process p : processes.clone()) {
            if (p != null) {
                try {
                    if (!p.waitFor(60, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (harmlessly, every process has stopped)
        }
        if (ownsDataDir && !keepData) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("could not delete {}: {}", dataDir, e.getMessage());
            }
        }
        LOG.info("Kafka cluster at {} stopped", bootstrapServers());
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

    private static int portOf(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1).trim());
    }

    private static int controllerPortOf(Properties p) {
        String listeners = p.getProperty("listeners");
        for (String l : listeners.split(",")) {
            if (l.startsWith("CONTROLLER://")) {
                return portOf(l);
            }
        }
        throw new IllegalStateException("no CONTROLLER listener in " + listeners);
    }
}
