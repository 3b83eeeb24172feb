package io.chorus.topology;

import io.chorus.async.AsyncSettings;
import io.chorus.async.AsyncStage;
import io.chorus.async.ModelGateway;
import io.chorus.async.ModelTask;
import io.chorus.config.ChorusConfig;
import io.chorus.topics.Topics;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.ValueMapper;

/**
 * What a {@link Stage} attaches with: the builder, the configuration, the outside dependencies, the topics, and the
 * board of what earlier stages published ({@link Port}s). Also the one way to run a step on the model or locally.
 */
public final class StageContext {
    private final StreamsBuilder builder;
    private final ChorusConfig config;
    private final TopologyDeps deps;
    private final Topics topics;
    private final Map<Port<?>, Object> board = new IdentityHashMap<>();

    public StageContext(StreamsBuilder builder, ChorusConfig config, TopologyDeps deps, Topics topics) {
        this.builder = builder;
        this.config = config;
        this.deps = deps;
        this.topics = topics;
    }

    public StreamsBuilder builder() {
        return builder;
    }

    public ChorusConfig config() {
        return config;
    }

    public TopologyDeps deps() {
        return deps;
    }

    public Topics topics() {
        return topics;
    }

    /** Publishes (or replaces, for a stage that transforms a stream in place) what later stages read under {@code port}. */
    public <T> void publish(Port<T> port, T value) {
        board.put(port, value);
    }

    /** What an earlier stage published under {@code port}; a clear error naming the port when nothing was. */
    @SuppressWarnings("unchecked")
    public <T> T get(Port<T> port) {
        Object v = board.get(port);
        if (v == null) {
            throw new IllegalStateException("no stage published '" + port.name() + "' before this one; list the stage that "
                    + "publishes it earlier in ChorusTopology.STAGES, or declare it in needs()");
        }
        return (T) v;
    }

    /** What an earlier stage published under {@code port}, if any (for optional inputs). */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Port<T> port) {
        return Optional.ofNullable((T) board.get(port));
    }

    public boolean has(Port<?> port) {
        return board.containsKey(port);
    }

    /**
     * One step that runs either on the model, through the async processor (bounded, retried, cached, exactly once,
     * never blocking the stream thread), or in process on the stream thread.
     *
     * @param useModel the setting said so (e.g. {@code sentiment.scorer=llm})
     * @param setting  the setting that asks for the model, named in the error when no endpoint is configured
     * @param task     the model task, given the gateway
     * @param local    makes the in-process step, used (and made) only when {@code useModel} is false
     * @param name     the local step's processor name
     */
    public <V, O> KStream<String, O> modelOrLocal(KStream<String, V> input, boolean useModel, String setting,
                                                 Function<ModelGateway, ModelTask<V, O>> task, Supplier<ValueMapper<V, O>> local, String name) {
        if (useModel) {
            return onModel(input, setting, task);
        }
        return input.mapValues(local.get(), Named.as(name));
    }

    /** A step that always runs on the model, through the async processor. */
    public <V, O> KStream<String, O> onModel(KStream<String, V> input, String setting, Function<ModelGateway, ModelTask<V, O>> task) {
        ModelGateway gateway = deps.requireGateway(setting);
        return AsyncStage.attach(builder, input, task.apply(gateway), gateway, AsyncSettings.fromConfig(config), topics, AsyncStage.CACHE_STORE);
    }
}
