package io.chorus.replay;

import io.chorus.config.ChorusConfig;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One named experiment derived from the production configuration: the same topology under application id
 * {@code <application.id>-exp-NAME} (so {@code chorus-exp-NAME} with the default id), writing every output topic
 * to {@code <topic><suffix>.exp.NAME}. Inputs and the shared response cache keep their names (they are only read,
 * and the cache is meant to be shared). Everything an experiment owns is recognisable by these names, which is
 * what lets {@code --reset} and {@code experiments delete} remove it without touching production.
 */
public final class Experiment {

    /** Name used by {@code chorus compare} for the production run; not a valid experiment name. */
    public static final String PRODUCTION = "production";

    static final Pattern VALID_NAME = Pattern.compile("[a-z0-9-]{1,64}");

    private final String name;
    private final ChorusConfig base;

    private Experiment(String name, ChorusConfig base) {
        this.name = name;
        this.base = base;
    }

    /**
     * The experiment {@code name} on top of the production configuration {@code base}.
     *
     * @throws IllegalArgumentException naming the rule when the name cannot go into topic and group names
     */
    public static Experiment of(String name, ChorusConfig base) {
        if (name == null || !VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("experiment name '" + name + "' is not allowed: use 1 to 64 of a-z, 0-9 and '-'"
                    + " (it becomes part of topic names and the application id), e.g. scorer-llm-v2");
        }
        if (PRODUCTION.equals(name)) {
            throw new IllegalArgumentException("'" + PRODUCTION + "' names the production run in chorus compare; choose another experiment name");
        }
        return new Experiment(name, base);
    }

    public String name() {
        return name;
    }

    /** The production configuration this experiment derives from. */
    public ChorusConfig base() {
        return base;
    }

    /** {@code <application.id>-exp-NAME}: the experiment's Kafka Streams application id and consumer group. */
    public String applicationId() {
        return groupPrefix(base) + name;
    }

    /** The output suffix: production's own suffix (usually empty) followed by {@code .exp.NAME}. */
    public String outputSuffix() {
        return topicMarker(base) + name;
    }

    /** The experiment's configuration without a time range (for reading its outputs, deleting it). */
    public ChorusConfig config() {
        return base.with(overrides());
    }

    /** The configuration the replay runs with: experiment names plus the event-time range [from, to). */
    public ChorusConfig config(ReplayRange range) {
        Map<String, Object> o = overrides();
        o.put(ChorusConfig.INPUT_FROM_MS, range.from().toEpochMilli());
        o.put(ChorusConfig.INPUT_UNTIL_MS, range.to() == null ? -1L : range.to().toEpochMilli());
        return base.with(o);
    }

    private Map<String, Object> overrides() {
        Map<String, Object> o = new HashMap<>();
        o.put(ChorusConfig.APPLICATION_ID, applicationId());
        o.put(ChorusConfig.TOPIC_OUTPUT_SUFFIX, outputSuffix());
        // An experiment must never take production's HTTP port or answer production's interactive queries.
        o.put(ChorusConfig.HTTP_ENABLED, false);
        return o;
    }

    /** The experiment's output topic names (one per output topic id), existing or not. */
    public List<String> outputTopics() {
        Topics topics = Topics.from(config());
        List<String> out = new ArrayList<>();
        for (TopicId id : TopicId.values()) {
            if (id.role() == TopicId.Role.OUTPUT) {
                out.add(topics.name(id));
            }
        }
        return out;
    }

    /** Where Kafka Streams keeps this experiment's local state (a directory per application id under state.dir). */
    public Path stateDir() {
        // state.dir empty (the default): the per-user directory of the cluster, as ChorusApp.start resolves it
        return Path.of(io.chorus.app.StateDirectory.resolve(base).getString(ChorusConfig.STATE_DIR), applicationId());
    }

    /** {@code <application.id>-exp-}: the prefix of every experiment's group (and internal topics). */
    static String groupPrefix(ChorusConfig base) {
        return base.applicationId() + "-exp-";
    }

    /** {@code <suffix>.exp.}: what follows a production output name in every experiment topic of {@code base}. */
    static String topicMarker(ChorusConfig base) {
        return base.getString(ChorusConfig.TOPIC_OUTPUT_SUFFIX) + ".exp.";
    }

    @Override
    public String toString() {
        return "experiment " + name + " (application id " + applicationId() + ", outputs *" + outputSuffix() + ")";
    }
}
