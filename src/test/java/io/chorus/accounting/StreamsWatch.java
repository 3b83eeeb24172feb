package io.chorus.accounting;

import io.chorus.config.ChorusConfig;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.GlobalStoreAudit;
import io.chorus.topology.TopologyDeps;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * Runs the Chorus topology the way {@code ChorusApp} does (same topology, properties and REPLACE_THREAD handler, and
 * the global-store audit application beside it), and
 * records what a healthy run must not show: a stream thread that died (and was replaced), a client in ERROR, a
 * rebalance after the first RUNNING with one instance (a fenced or migrated thread rejoins), and log lines of
 * fencing or of records Kafka Streams skipped. Test code only.
 */
final class StreamsWatch implements AutoCloseable {

    /** Log lines that mean a thread was fenced or a record was skipped without a dead letter. */
    static final Pattern TROUBLE = Pattern.compile("InvalidProducerEpochException|TaskMigratedException|ProducerFencedException"
            + "|is being fenced|Skipping record|Stream thread failed|Invalid timestamp");

    final List<String> threadDeaths = Collections.synchronizedList(new ArrayList<>());
    final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
    final List<String> troubleLines = Collections.synchronizedList(new ArrayList<>());
    private final KafkaStreams streams;
    private final KafkaStreams audit;
    private final PrintStream originalErr;
    private volatile boolean running;

    StreamsWatch(ChorusConfig config, TopologyDeps deps) {
        originalErr = System.err;
        System.setErr(new PrintStream(new LineTee(originalErr), true, StandardCharsets.UTF_8));
        Topology topology = ChorusTopology.build(config, deps);
        Properties props = ChorusTopology.streamsProperties(config);
        streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            threadDeaths.add(e.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        // as ChorusApp does: the second application that dead-letters bad records of the global-store topics
        Topology auditTopology = GlobalStoreAudit.build(topology, config);
        audit = auditTopology == null ? null : new KafkaStreams(auditTopology, GlobalStoreAudit.properties(props));
        if (audit != null) {
            audit.setUncaughtExceptionHandler(e -> {
                threadDeaths.add("global-store audit: " + e);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            audit.start();
        }
        streams.setStateListener((now, before) -> {
            transitions.add(before + "->" + now);
            if (now == KafkaStreams.State.RUNNING) {
                running = true;
            }
        });
        streams.start();
    }

    KafkaStreams streams() {
        return streams;
    }

    boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING && (audit == null || audit.state() == KafkaStreams.State.RUNNING);
    }

    /** Every problem seen, empty for a healthy run. */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        threadDeaths.forEach(d -> out.add("stream thread died: " + d));
        List<String> t = List.copyOf(transitions);
        int firstRunning = t.indexOf("REBALANCING->RUNNING");
        for (int i = firstRunning + 1; firstRunning >= 0 && i < t.size(); i++) {
            if (t.get(i).endsWith("->REBALANCING") || t.get(i).endsWith("ERROR")) {
                out.add("after RUNNING: " + t.get(i));
            }
        }
        troubleLines.forEach(l -> out.add("log: " + l));
        return out;
    }

    @Override
    public void close() {
        try {
            streams.close(java.time.Duration.ofSeconds(60));
            if (audit != null) {
                audit.close(java.time.Duration.ofSeconds(30));
            }
        } finally {
            System.setErr(originalErr);
        }
    }

    /** Passes everything through and keeps the lines that match {@link #TROUBLE}. */
    private final class LineTee extends OutputStream {
        private final OutputStream out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineTee(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            out.write(b);
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                if (TROUBLE.matcher(s).find() && troubleLines.size() < 200) {
                    troubleLines.add(s.length() > 300 ? s.substring(0, 300) : s);
                }
                line.reset();
            } else if (line.size() < 4096) {
                line.write(b);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            out.flush();
        }
    }
}
