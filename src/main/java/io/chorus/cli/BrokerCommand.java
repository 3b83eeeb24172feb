package io.chorus.cli;

import io.chorus.app.ChorusApp;
import io.chorus.config.ChorusConfig;
import io.chorus.kafka.EmbeddedKafkaBroker;
import io.chorus.kafka.KafkaCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus broker}: run the embedded single-node KRaft broker alone, or a replicated cluster of broker processes. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a real Kafka broker (KRaft) on 127.0.0.1, or with --nodes 3 a replicated cluster of three broker processes, until Ctrl-C.",
                "It prints the bootstrap address, for chorus run, chorus demo --bootstrap, kcat or any Kafka client. With --data-dir the topics and their data survive a restart. One node of a cluster can be killed (kill -9 PID) and started again alone while the others run: chorus broker --data-dir DIR --node ID (the same DIR; the node keeps its ports and data)."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus broker --port 9092",
                "  chorus broker --nodes 3 --data-dir /var/tmp/kafka3 --port 9092"})
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, defaultValue = "9092",
            description = "Client port (of node 1; node i uses PORT+i-1). 0 picks free ones. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Log directory, kept across restarts; default: a temporary one deleted on exit.")
    Path dataDir;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1",
            description = "Nodes: 1 runs one broker in this process; 3 runs three broker+controller processes with three "
                    + "replicas and min.insync.replicas=2 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--node", paramLabel = "ID",
            description = "Start only this node of the cluster formatted in --data-dir (after it was stopped or killed).")
    Integer node;

    @Option(names = "--no-topics", description = "Do not create Chorus's topics.")
    boolean noTopics;

    @Spec
    CommandSpec spec;

    private volatile boolean stopping;

    @Override
    public Integer call() throws InterruptedException {
        if (nodes < 1 || nodes > 9) {
            throw new UserError("--nodes must be 1 to 9, not " + nodes);
        }
        if (node != null) {
            return runOneNode();
        }
        return nodes == 1 ? runSingle() : runCluster();
    }

    private Integer runSingle() throws InterruptedException {
        try (UntilStopped stop = new UntilStopped("chorus-broker");
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dataDir)) {
            createTopics(broker.bootstrapServers());
            var out = spec.commandLine().getOut();
            out.println("Kafka broker ready: bootstrap " + broker.bootstrapServers());
            out.println("  data: " + broker.dataDir() + (dataDir == null ? " (temporary)" : ""));
            out.println("  try:  kcat -L -b " + broker.bootstrapServers());
            out.println("Press Ctrl-C to stop.");
            out.flush();
            stop.await();
        }
        return ExitCodes.OK;
    }

    private Integer runCluster() throws InterruptedException {
        try (UntilStopped stop = new UntilStopped("chorus-broker");
             KafkaCluster cluster = KafkaCluster.start(nodes, port, dataDir)) {
            createTopics(cluster.bootstrapServers());
            PrintWriter out = spec.commandLine().getOut();
            out.println("Kafka cluster of " + nodes + " nodes ready: bootstrap " + cluster.bootstrapServers());
            for (KafkaCluster.Node n : cluster.nodes()) {
                out.printf("  node %d: port %d, pid %d, log %s%n", n.id(), n.port(), n.pid(), n.dir().resolve("broker.log"));
                watchExit(cluster, n.id(), out);
            }
            out.println("  data: " + cluster.dataDir() + (dataDir == null ? " (temporary, deleted on exit)" : ""));
            out.println("  try:  kcat -L -b " + cluster.bootstrapServers());
            out.println("  restart a stopped node: chorus broker --data-dir " + cluster.dataDir() + " --node ID");
            out.println("Press Ctrl-C to stop every node.");
            out.flush();
            stop.await();
            stopping = true;
        }
        return ExitCodes.OK;
    }

    /** Says when a node dies (the others keep running) and how to start it again. */
    private void watchExit(KafkaCluster cluster, int id, PrintWriter out) {
        var exit = cluster.onExit(id);
        if (exit != null) {
            exit.thenAccept(p -> {
                if (stopping) {
                    return;
                }
                out.printf("node %d (pid %d) exited with code %d; the others keep running. Start it again with: "
                        + "chorus broker --data-dir %s --node %d%n", id, p.pid(), p.exitValue(), cluster.dataDir(), id);
                out.flush();
            });
        }
    }

    /** One node of an existing cluster, in a child JVM like the others, until Ctrl-C. */
    private Integer runOneNode() throws InterruptedException {
        if (dataDir == null) {
            throw new UserError("--node needs the --data-dir the cluster was started with");
        }
        try (UntilStopped stop = new UntilStopped("chorus-broker-node");
             KafkaCluster one = KafkaCluster.startNode(dataDir, node)) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Kafka node %d started: port %d, pid %d, log %s%n", node, one.node(node).port(), one.node(node).pid(),
                    one.node(node).dir().resolve("broker.log"));
            out.println("Press Ctrl-C to stop it.");
            out.flush();
            stop.await();
        }
        return ExitCodes.OK;
    }

    private void createTopics(String bootstrap) {
        if (!noTopics) {
            ChorusApp.ensureTopics(new ChorusConfig(Map.of(ChorusConfig.BOOTSTRAP_SERVERS, bootstrap)));
        }
    }
}
