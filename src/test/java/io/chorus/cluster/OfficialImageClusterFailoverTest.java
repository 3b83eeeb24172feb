package io.chorus.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.bench.FailoverBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Proves the failover scenario of {@link ClusterFailoverTest} (broker and instance SIGKILLed and restarted, nothing lost
 * or duplicated, outputs resuming, queries answered once every instance is back) on three nodes of the official
 * apache/kafka image instead of the local cluster. Skipped where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class OfficialImageClusterFailoverTest {

    private static final String IMAGE = "apache/kafka:4.1.0";
    private static final Network NETWORK = Network.newNetwork();
    private static final List<GenericContainer<?>> NODES = new ArrayList<>();
    private static final List<Integer> PORTS = new ArrayList<>();

    @BeforeAll
    static void startThreeNodes() {
        String voters = "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093";
        for (int id = 1; id <= 3; id++) {
            int port = freePort();
            PORTS.add(port);
            GenericContainer<?> node = new GenericContainer<>(IMAGE).withNetwork(NETWORK).withNetworkAliases("kafka-" + id)
                    .withEnv(Map.ofEntries(
                            Map.entry("CLUSTER_ID", "4L6g3nShT-eMCtK--X86sw"),
                            Map.entry("KAFKA_NODE_ID", Integer.toString(id)),
                            Map.entry("KAFKA_PROCESS_ROLES", "broker,controller"),
                            Map.entry("KAFKA_CONTROLLER_QUORUM_VOTERS", voters),
                            Map.entry("KAFKA_LISTENERS", "INTERNAL://:9092,EXTERNAL://:" + port + ",CONTROLLER://:9093"),
                            Map.entry("KAFKA_ADVERTISED_LISTENERS", "INTERNAL://kafka-" + id + ":9092,EXTERNAL://localhost:" + port),
                            Map.entry("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                            Map.entry("KAFKA_INTER_BROKER_LISTENER_NAME", "INTERNAL"),
                            Map.entry("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"),
                            Map.entry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3"),
                            Map.entry("KAFKA_MIN_INSYNC_REPLICAS", "2"),
                            Map.entry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3"),
                            Map.entry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3"),
                            Map.entry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2"),
                            Map.entry("KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS", "2000"),
                            Map.entry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")))
                    .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(3)));
            // the advertised address must be known before start: a fixed host port chosen free just now
            node.setPortBindings(List.of(port + ":" + port));
            NODES.add(node);
        }
        NODES.parallelStream().forEach(GenericContainer::start);
    }

    @AfterAll
    static void stop() {
        NODES.forEach(GenericContainer::stop);
        NETWORK.close();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void brokerAndInstanceKilledAndRestartedLoseAndDuplicateNothingOnTheOfficialImage() throws Exception {
        FailoverBench.Options options = new FailoverBench.Options(4, 3, Duration.ofMillis(100), 40,
                List.of(new FailoverBench.Variant(1, "classic")), Duration.ofMinutes(4), "320m",
                Duration.ofSeconds(30)); // a loose "caught up": the suite runs on 2 shared cores
        FailoverBench.Report report = FailoverBench.run(options, new ContainerBrokers(), new PrintWriter(System.out, true));
        FailoverBench.Run run = report.runs().get(0);

        assertThat(run.completed()).as("every phase finished before its deadline (logs: %s)", run.logs()).isTrue();
        assertThat(run.replicationFactor()).isEqualTo(3);
        assertThat(run.missing()).as("posts without any output").isZero();
        assertThat(run.duplicates()).as("outputs beyond one per post").isZero();
        assertThat(run.events()).allSatisfy(e -> assertThat(e.recoveryMs()).as("outputs resumed after %s", e.what()).isNotNegative());
        assertThat(run.queriesFailedOutsideRebalance()).isZero();
    }

    /** The containers as the scenario's brokers: SIGKILL through the Docker API, and start the same container again. */
    private static final class ContainerBrokers implements FailoverBench.Brokers {
        @Override
        public String bootstrapServers() {
            return PORTS.stream().map(p -> "localhost:" + p).collect(Collectors.joining(","));
        }

        @Override
        public int size() {
            return NODES.size();
        }

        @Override
        public void kill(int id) {
            DockerClientFactory.instance().client().killContainerCmd(NODES.get(id - 1).getContainerId()).withSignal("SIGKILL").exec();
        }

        @Override
        public void restart(int id) {
            DockerClientFactory.instance().client().startContainerCmd(NODES.get(id - 1).getContainerId()).exec();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
                org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> admin.describeCluster().nodes().get().size() == NODES.size());
            }
        }

        @Override
        public boolean isRunning(int id) {
            return Boolean.TRUE.equals(DockerClientFactory.instance().client().inspectContainerCmd(NODES.get(id - 1).getContainerId())
                    .exec().getState().getRunning());
        }

        @Override
        public String logs() {
            return "docker logs of the apache/kafka containers";
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
