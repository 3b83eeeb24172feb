package io.chorus.async;

import io.chorus.model.CachedResponse;
import io.chorus.serde.Json;
import io.chorus.serde.JsonSerde;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.chorus.deadletter.DeadLetters;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires an {@link AsyncModelProcessor} into a topology: its named in-flight store, the split of its outcomes
 * into results (returned), dead letters (to the dead-letter topic, reason in headers) and cache writes (to the
 * persistent cache topic). One call per use of a model.
 */
public final class AsyncStage {

    /** Name of the global store over the cache topic. */
    public static final String CACHE_STORE = "llm-cache-store";

    private AsyncStage() {
    }

    /**
     * Adds the global store over the persistent response cache topic; call once per topology that uses a model.
     *
     * <p>The store keeps each cache record as the bytes read from the topic, and the async processor parses one
     * only when it reads it (a miss of the in-memory layer, so rarely). Parsing on the way in, as a typed source
     * would, costs a JSON read and a JSON write (the store's serde) for every answer any instance ever writes,
     * most of which this instance already holds in memory or never asks again. A record that does not parse is a
     * cache miss when read, so a bad record on the cache topic costs one extra call, never a stuck thread.
     */
    public static String addCacheStore(StreamsBuilder builder, Topics topics) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CACHE_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                topics.name(TopicId.LLM_CACHE),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("llm-cache-source"),
                () -> new Processor<String, byte[], Void, Void>() {
                    private KeyValueStore<String, byte[]> store;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        store = context.getStateStore(CACHE_STORE);
                    }

                    @Override
                    public void process(Record<String, byte[]> record) {
                        if (record.key() != null) {
                            store.put(record.key(), record.value());
                        }
                    }
                });
        return CACHE_STORE;
    }

    /**
     * Attaches an async model stage to {@code input} and returns the stream of its results.
     *
     * @param cacheStore the name returned by {@link #addCacheStore}, or null for memory-only caching
     */
    public static <V, O> KStream<String, O> attach(StreamsBuilder builder, KStream<String, V> input, ModelTask<V, O> task,
                                                   ModelGateway gateway, AsyncSettings settings, Topics topics, String cacheStore) {
        String use = task.use();
        String inFlightStore = use + "-inflight";
        // Cached: see AsyncModelProcessor on why one changelog write per call keeps every input safe.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(inFlightStore), Serdes.String(),
                JsonSerde.of(InFlight.class)).withCachingEnabled());
        KStream<String, AsyncOutcome<V, O>> outcomes = input.process(
                () -> new AsyncModelProcessor<>(task, gateway, settings, inFlightStore, cacheStore), Named.as(use + "-async"), inFlightStore);

        Map<String, KStream<String, AsyncOutcome<V, O>>> branches = outcomes.split(Named.as(use + "-outcome-"))
                .branch((k, v) -> v instanceof AsyncOutcome.Result, Branched.as("result"))
                .branch((k, v) -> v instanceof AsyncOutcome.Failure, Branched.as("failure"))
                .branch((k, v) -> v instanceof AsyncOutcome.CacheWrite, Branched.as("cache"))
                .noDefaultBranch();

        branches.get(use + "-outcome-failure")
                .processValues(() -> new DeadLetterFailure<V, O>(use), Named.as(use + "-dead-letter"))
                .to(topics.dlq.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(use + "-dlq-sink"));

        branches.get(use + "-outcome-cache")
                .mapValues(v -> toCached((AsyncOutcome.CacheWrite<V, O>) v), Named.as(use + "-cache-entry"))
                .to(topics.name(TopicId.LLM_CACHE), Produced.with(Serdes.String(), JsonSerde.of(CachedResponse.class))
                        .withName(use + "-cache-sink"));

        return branches.get(use + "-outcome-result")
                .mapValues(v -> ((AsyncOutcome.Result<V, O>) v).value(), Named.as(use + "-result"));
    }

    private static CachedResponse toCached(AsyncOutcome.CacheWrite<?, ?> write) {
        ModelAnswer a = write.answer();
        return new CachedResponse(CachedResponse.SCHEMA_VERSION, write.cacheKey(), a.model(), a.text(), a.tokensIn(), a.tokensOut(),
                Instant.now());
    }

    /** Turns a failure into a dead letter: the input as JSON, the reason and source in headers. */
    private static final class DeadLetterFailure<V, O> extends ContextualFixedKeyProcessor<String, AsyncOutcome<V, O>, byte[]> {
        private final String use;

        DeadLetterFailure(String use) {
            this.use = use;
        }

        @Override
        public void process(FixedKeyRecord<String, AsyncOutcome<V, O>> record) {
            AsyncOutcome.Failure<V, O> f = (AsyncOutcome.Failure<V, O>) record.value();
            var headers = DeadLetters.headers(record.headers(), f.reason(), "model:" + use,
                    new CallFailedException(f.reason(), f.attempts(), f.message(), null), f.source().topic(), f.source().partition(), f.source().offset());
            headers.add("chorus.request.id", f.requestId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            headers.add("chorus.attempts", Integer.toString(f.attempts()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] value;
            try {
                value = Json.mapper().writeValueAsBytes(f.input());
            } catch (Exception e) {
                value = String.valueOf(f.input()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            context().forward(record.withValue(value).withHeaders(headers));
        }
    }
}
