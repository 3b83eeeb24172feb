package io.chorus.app;

import io.chorus.config.ChorusConfig;
import io.chorus.sentiment.VaderSentimentScorer;
import io.chorus.topology.TopologyDeps;
import java.time.Clock;

/** Builds the real dependencies of the topology from configuration (the edge where implementations are chosen). */
public final class Dependencies {

    private Dependencies() {
    }

    public static TopologyDeps fromConfig(ChorusConfig config) {
        return new TopologyDeps(new VaderSentimentScorer(), Clock.systemUTC());
    }
}
