package io.chorus.stage;

import io.chorus.async.AsyncSettings;
import io.chorus.async.AsyncStage;
import io.chorus.async.ModelGateway;
import io.chorus.async.ModelTask;
import io.chorus.config.ChorusConfig;
import io.chorus.topics.Topics;
import java.time.Clock;
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
    private final Topics topics;
    private final Clock clock;
    private final ModelGateway gateway;
    private final Map<Port<?>, Object> board = new IdentityHashMap<>();

    /**
     * @param clock   wall clock for processing timestamps
     * @param gateway the model endpoint, or null when none is configured (a model step then fails naming its setting)
     */
    public StageContext(StreamsBuilder builder, ChorusConfig config, Topics topics, Clock clock, ModelGateway gateway) {
        this.builder = builder;
        this.config = config;
        this.topics = topics;
        this.clock = clock;
        this.gateway = gateway;
    }

    public StreamsBuilder builder() {
        return builder;
    }

    public ChorusConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** The model endpoint, or a clear error naming the setting that needs it. */
    public ModelGateway requireGateway(String settingThatNeedsIt) {
        if (gateway == null) {
            throw new IllegalStateException(settingThatNeedsIt + " needs a model endpoint (llm.base.url, llm.model, llm.api.key)");
        }
        return gateway;
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
                    + "publishes it earlier in the stage list, or declare it in needs()");
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
        ModelGateway gateway = requireGateway(setting);
        return AsyncStage.attach(builder, input, task.apply(gateway), gateway, AsyncSettings.fromConfig(config), topics, AsyncStage.CACHE_STORE);
    }
}
