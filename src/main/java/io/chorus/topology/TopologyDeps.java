package io.chorus.topology;

import io.chorus.async.ModelGateway;
import io.chorus.sentiment.SentimentScorer;
import java.time.Clock;
import java.util.Objects;

/**
 * What the topology needs from outside, passed in (never looked up from inside), so the CLI, the demo and the
 * tests build the same topology with real or fake dependencies.
 *
 * @param scorer  the local (in-process, fast) sentiment scorer
 * @param clock   wall clock for processing timestamps
 * @param gateway the model endpoint for model-backed uses, or null when none is configured
 */
public record TopologyDeps(SentimentScorer scorer, Clock clock, ModelGateway gateway) {

    public TopologyDeps {
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(clock, "clock");
    }

    public TopologyDeps(SentimentScorer scorer, Clock clock) {
        this(scorer, clock, null);
    }

    /** The gateway, or a clear error naming the setting that needs it. */
    public ModelGateway requireGateway(String settingThatNeedsIt) {
        if (gateway == null) {
            throw new IllegalStateException(settingThatNeedsIt + " needs a model endpoint (llm.base.url, llm.model, llm.api.key)");
        }
        return gateway;
    }
}
