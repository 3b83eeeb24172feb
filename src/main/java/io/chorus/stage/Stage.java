package io.chorus.stage;

import io.chorus.config.ChorusConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One capability of the pipeline (sentiment, communities, aggregates, listening, behavior, generation, ...): whether
 * it runs with a configuration, whether it then calls the model, what it needs from the stages before it and
 * how it attaches itself. {@code io.chorus.topology.ChorusTopology.STAGES} lists them in order and derives the rest (the
 * shared model response cache, {@code ChorusTopology.usesModel}); adding a capability is one class and one line in that list.
 *
 * <p>A stage says what it is in one {@link Spec}, declared once, and reads the streams it needs from its
 * {@link StageContext} by {@link Port}, publishing what it makes for the stages after it. Every processor, store and
 * sink it adds is named (the describe snapshot pins the names).
 */
public interface Stage {

    /** What the topology needs to know before attaching this stage. */
    Spec spec();

    /** Adds this stage's stores and processors. */
    void attach(StageContext context);

    /** A short name for logs, docs and errors. */
    default String name() {
        return spec().name();
    }

    /** True when this stage runs with {@code config}. */
    default boolean enabled(ChorusConfig config) {
        return spec().enabled().test(config);
    }

    /** True when, enabled, this stage calls the model endpoint (so the topology adds the shared response cache). */
    default boolean usesModel(ChorusConfig config) {
        return spec().usesModel().test(config);
    }

    /**
     * What must be on the board for this stage to attach. A stage whose needs are missing (because the stage that
     * publishes them is off, or lacks a dependency such as the profile embedder) is left out, and the topology logs it.
     */
    default List<Port<?>> needs() {
        return spec().needs();
    }

    /**
     * A stage's description, built from its settings' names so that it reads as what it is: e.g.
     * {@code Spec.of("emotions").enabledWhen(EMOTIONS_ENABLED).alwaysUsesModel().needs(Ports.SCORED)}.
     *
     * @param enabled   when the stage runs (always, unless narrowed with {@link #enabledWhen})
     * @param usesModel when, running, it calls the model (never, unless {@link #usesModelWhen} or {@link #alwaysUsesModel})
     * @param needs     the ports that must be published before it
     */
    record Spec(String name, Predicate<ChorusConfig> enabled, Predicate<ChorusConfig> usesModel, List<Port<?>> needs) {
        public Spec {
            Objects.requireNonNull(name, "name");
            needs = List.copyOf(needs);
        }

        /** A stage that always runs, never calls the model and needs nothing. */
        public static Spec of(String name) {
            return new Spec(name, c -> true, c -> false, List.of());
        }

        /** Runs only when every one of these boolean settings is true. */
        public Spec enabledWhen(String... booleanSettings) {
            List<String> keys = List.of(booleanSettings);
            Predicate<ChorusConfig> before = enabled;
            return new Spec(name, c -> before.test(c) && keys.stream().allMatch(c::getBoolean), usesModel, needs);
        }

        /** Calls the model when {@code setting} is {@code value} (e.g. {@code sentiment.scorer=llm}). */
        public Spec usesModelWhen(String setting, String value) {
            return new Spec(name, enabled, c -> value.equals(c.getString(setting)), needs);
        }

        /** Calls the model when {@code when} holds (for a stage whose model use depends on several settings). */
        public Spec usesModelWhen(Predicate<ChorusConfig> when) {
            return new Spec(name, enabled, when, needs);
        }

        /** Always calls the model when it runs. */
        public Spec alwaysUsesModel() {
            return new Spec(name, enabled, c -> true, needs);
        }

        /** Attaches only after these ports were published. */
        public Spec needs(Port<?>... ports) {
            List<Port<?>> all = new ArrayList<>(needs);
            all.addAll(List.of(ports));
            return new Spec(name, enabled, usesModel, all);
        }
    }
}
