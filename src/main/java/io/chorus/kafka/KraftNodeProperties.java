package io.chorus.kafka;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The server properties every Chorus KRaft node has, whether it is the single embedded broker or one node of
 * {@link KafkaCluster}: combined broker and controller roles, plaintext on 127.0.0.1, internal topics replicated
 * to {@code min(3, nodes)} with min.insync.replicas 2 on three or more nodes (1 otherwise), and the settings that
 * keep exactly-once fast on a small, loaded machine. One place, so that the two never drift apart.
 */
final class KraftNodeProperties {

    private KraftNodeProperties() {
    }

    /**
     * @param quorum the controller quorum bootstrap list ({@code host:controllerPort,...})
     * @param nodes  how many nodes the cluster has (1 for the embedded broker)
     */
    static Properties of(int nodeId, String quorum, int clientPort, int controllerPort, Path dir, int nodes) {
        int replicas = Math.min(3, nodes);
        String minIsr = Integer.toString(replicas >= 3 ? 2 : 1);
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.bootstrap.servers", quorum);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("metadata.log.dir", dir.resolve("logs").toString());
        p.put("num.partitions", "3");
        p.put("default.replication.factor", Integer.toString(replicas));
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", Integer.toString(replicas));
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", Integer.toString(replicas));
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // Transactions v2 (KIP-890, the default in Kafka 4) adds a partition to the transaction with the first produce
        // request. When it arrives while the previous transaction's markers are still being written, the broker
        // retries on its side (KAFKA-18654), for at most add.partitions.to.txn.retry.backoff.max.ms (100 ms by
        // default), then answers CONCURRENT_TRANSACTIONS; the producer retries, and the batches it had pipelined
        // behind that one are refused with OutOfOrderSequenceException ("Expected sequence 0 for transactions v2
        // idempotent producer with no existing state", logged as an ERROR by ReplicaManager) and retried too. Nothing
        // is lost or duplicated, but a loaded 2-core machine with a 100 ms commit interval (exactly_once_v2) hits it
        // on most commits. A longer server-side wait (below the clients' 30 s request timeout) avoids the round trip.
        // The producer retries those out-of-sequence batches itself, so Kafka Streams never sees an error to recover
        // from: right after a broker restart, while the coordinator completes the transactions it reloaded, the loop
        // held the stages behind repartition topics back for minutes (the soak); with this wait the soak saw none.
        p.put("add.partitions.to.txn.retry.backoff.max.ms", "5000");
        return p;
    }
}
