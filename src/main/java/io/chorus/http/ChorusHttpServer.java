package io.chorus.http;

import io.chorus.config.ChorusConfig;
import io.chorus.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/** PLACEHOLDER being replaced by the dashboard work: the contract ChorusApp relies on. */
public final class ChorusHttpServer implements AutoCloseable {

    public ChorusHttpServer(ChorusConfig config, PrometheusMeterRegistry registry) {
    }

    /** Binds the server (http.bind, http.port; 0 picks a free port) and returns the bound port. */
    public int start() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** host:port other instances use to reach this one (http.advertised.host, else the bind address). */
    public String advertisedHostPort() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Gives the server the running instance: stores for queries, state for health, topics for the live feed. */
    public void attach(KafkaStreams streams, Topics topics) {
    }

    @Override
    public void close() {
    }
}
