package io.chorus.stage;

import io.chorus.config.ChorusConfig;
import java.util.List;

/**
 * One capability of the pipeline (sentiment, communities, aggregates, listening, behavior, generation, ...): whether
 * it runs with a configuration, whether it then calls the model endpoint, what it needs from the stages before it and
 * how it attaches itself. {@code io.chorus.topology.ChorusTopology.STAGES} lists them in order and derives the rest (the
 * shared model response cache, {@code ChorusTopology.usesModel}); adding a capability is one class and one line in that list.
 *
 * <p>A stage reads the streams it needs from its {@link StageContext} by {@link Port} and publishes what it makes
 * for the stages after it. Every processor, store and sink it adds is named (the describe snapshot pins the names).
 */
public interface Stage {

    /** A short name for logs, docs and errors. */
    String name();

    /** True when this stage runs with {@code config}. */
    boolean enabled(ChorusConfig config);

    /** True when, enabled, this stage calls the model endpoint (so the topology adds the shared response cache). */
    default boolean usesModel(ChorusConfig config) {
        return false;
    }

    /**
     * What must be on the board for this stage to attach. A stage whose needs are missing (because the stage that
     * publishes them is off, or lacks a dependency such as the profile embedder) is left out, and the topology logs it.
     */
    default List<Port<?>> needs() {
        return List.of();
    }

    /** Adds this stage's stores and processors. */
    void attach(StageContext context);
}
