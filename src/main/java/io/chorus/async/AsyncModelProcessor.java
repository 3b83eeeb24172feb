package io.chorus.async;

import io.chorus.model.CachedResponse;
import io.chorus.serde.ErrorReason;
import io.chorus.serde.Json;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink-style async I/O for Kafka Streams: model calls run on the {@link ModelGateway}'s executor while the stream
 * thread goes on; results are emitted on the stream thread only (from {@code process()} and a wall-clock
 * punctuator), with the input record's timestamp and headers.
 *
 * <ul>
 *   <li>At most {@code capacity} calls per task are in flight; when full, {@code process()} waits for the oldest
 *       (bounded by {@code async.max.block.ms}, after which the oldest is dead-lettered) while emitting what finished.</li>
 *   <li>{@link Ordering#ORDERED}: per key, results leave in input order; {@link Ordering#UNORDERED}: as they finish.</li>
 *   <li>Every call is saved in a changelogged in-flight store before it is issued, in the same transaction as
 *       the input offset, and removed when its outcome is emitted; {@link #init} issues again whatever a crash or a
 *       task migration left there. With {@code exactly_once_v2}, each input gives exactly one outcome.</li>
 *   <li>Answers are looked up first in memory, then in the persistent cache (a global store over the cache
 *       topic); fresh answers are emitted as {@link AsyncOutcome.CacheWrite} for that topic.</li>
 * </ul>
 */
public final class AsyncModelProcessor<V, O> implements Processor<String, V, String, AsyncOutcome<V, O>> {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncModelProcessor.class);

    private final ModelTask<V, O> task;
    private final ModelGateway gateway;
    private final AsyncSettings settings;
    private final String inFlightStoreName;
    private final String cacheStoreName;
    private final Deque<Entry<V, O>> queue = new ArrayDeque<>();

    private ProcessorContext<String, AsyncOutcome<V, O>> context;
    private KeyValueStore<String, InFlight> inFlightStore;
    private KeyValueStore<String, CachedResponse> cacheStore;
    private long nextSeq;

    /** One input waiting for its outcome. */
    private static final class Entry<V, O> {
        final long seq;
        final String requestId;
        final Record<String, V> record;
        final String cacheKey;
        final CompletableFuture<ModelGateway.Completed<O>> future;
        final boolean persisted;
        final String sourceTopic;
        final int sourcePartition;
        final long sourceOffset;

        Entry(long seq, String requestId, Record<String, V> record, String cacheKey, CompletableFuture<ModelGateway.Completed<O>> future,
              boolean persisted, String sourceTopic, int sourcePartition, long sourceOffset) {
            this.seq = seq;
            this.requestId = requestId;
            this.record = record;
            this.cacheKey = cacheKey;
            this.future = future;
            this.persisted = persisted;
            this.sourceTopic = sourceTopic;
            this.sourcePartition = sourcePartition;
            this.sourceOffset = sourceOffset;
        }

        String orderKey() {
            return record.key() == null ? "" : record.key();
        }
    }

    /**
     * @param cacheStoreName the global store over the cache topic, or null to use the in-memory cache only
     */
    public AsyncModelProcessor(ModelTask<V, O> task, ModelGateway gateway, AsyncSettings settings, String inFlightStoreName,
                               String cacheStoreName) {
        this.task = Objects.requireNonNull(task, "task");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.inFlightStoreName = Objects.requireNonNull(inFlightStoreName, "inFlightStoreName");
        this.cacheStoreName = cacheStoreName;
    }

    @Override
    public void init(ProcessorContext<String, AsyncOutcome<V, O>> context) {
        this.context = context;
        this.inFlightStore = context.getStateStore(inFlightStoreName);
        this.cacheStore = cacheStoreName == null ? null : context.getStateStore(cacheStoreName);
        context.schedule(settings.punctuate(), PunctuationType.WALL_CLOCK_TIME, now -> drain());
        reissuePending();
    }

    private void reissuePending() {
        List<InFlight> pending = new ArrayList<>();
        try (KeyValueIterator<String, InFlight> it = inFlightStore.all()) {
            it.forEachRemaining(kv -> pending.add(kv.value));
        }
        pending.sort(Comparator.comparingLong(InFlight::seq));
        for (InFlight saved : pending) {
            V value = readValue(saved);
            Record<String, V> record = new Record<>(saved.key(), value, saved.timestamp(), headersOf(saved));
            queue.add(start(saved.seq(), saved.requestId(), record, true, saved.sourceTopic(), saved.sourcePartition(), saved.sourceOffset()));
            nextSeq = Math.max(nextSeq, saved.seq() + 1);
        }
        if (!pending.isEmpty()) {
            LOG.info("Task {}: re-issued {} {} request(s) left in flight by a previous run", context.taskId(), pending.size(), task.use());
        }
    }

    @Override
    public void process(Record<String, V> record) {
        awaitFreeSlot();
        var meta = context.recordMetadata();
        String topic = meta.map(m -> m.topic()).orElse(null);
        int partition = meta.map(m -> m.partition()).orElse(-1);
        long offset = meta.map(m -> m.offset()).orElse(-1L);
        String requestId = RequestIds.requestId(task.inputId(record.value()), task.use(), task.promptVersion(), gateway.model());
        Record<String, V> copy = record.withHeaders(new RecordHeaders(record.headers().toArray()));
        queue.add(start(nextSeq++, requestId, copy, false, topic, partition, offset));
        drain();
    }

    /** Serves from the cache when it can; otherwise saves the request and submits it. */
    private Entry<V, O> start(long seq, String requestId, Record<String, V> record, boolean alreadySaved, String topic,
                              int partition, long offset) {
        V value = record.value();
        var request = task.prepare(value);
        String cacheKey = gateway.cacheKey(request);
        ModelGateway.Completed<O> hit = fromCache(cacheKey, value);
        if (hit != null) {
            if (alreadySaved) {
                inFlightStore.delete(requestId);
            }
            return new Entry<>(seq, requestId, record, cacheKey, CompletableFuture.completedFuture(hit), false, topic, partition, offset);
        }
        if (!alreadySaved) {
            inFlightStore.put(requestId, save(seq, requestId, record, topic, partition, offset));
        }
        var future = gateway.submit(task.use(), request, answer -> task.complete(value, answer));
        return new Entry<>(seq, requestId, record, cacheKey, future, true, topic, partition, offset);
    }

    private ModelGateway.Completed<O> fromCache(String cacheKey, V value) {
        ModelAnswer answer = gateway.cached(cacheKey);
        String layer = "memory";
        if (answer == null && cacheStore != null) {
            CachedResponse stored = cacheStore.get(cacheKey);
            if (stored != null) {
                answer = new ModelAnswer(stored.text(), stored.model(), stored.tokensIn(), stored.tokensOut(), 0.0, true, 0, 0);
                layer = "store";
                gateway.remember(cacheKey, answer);
            }
        }
        if (answer == null) {
            return null;
        }
        try {
            ModelAnswer cached = answer.asCached();
            O output = task.complete(value, cached);
            gateway.metrics().cacheHit(task.use(), layer);
            return new ModelGateway.Completed<>(output, cached);
        } catch (Exception e) {
            return null; // a cached answer this task cannot read (e.g. an older parser): ask again
        }
    }

    private void awaitFreeSlot() {
        long deadline = System.nanoTime() + settings.maxBlock().toNanos();
        while (queue.size() >= settings.capacity()) {
            drain();
            if (queue.size() < settings.capacity()) {
                return;
            }
            Entry<V, O> oldest = queue.peekFirst();
            long remaining = deadline - System.nanoTime();
            try {
                oldest.future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn("Task {}: {} request {} gave no result within async.max.block.ms={}; dead-lettering it",
                        context.taskId(), task.use(), oldest.requestId, settings.maxBlock().toMillis());
                oldest.future.completeExceptionally(new CallFailedException(ErrorReason.MODEL_RETRIES_EXHAUSTED, 0,
                        "no result within async.max.block.ms=" + settings.maxBlock().toMillis(), null));
            } catch (ExecutionException e) {
                // failed: drain() emits it as a dead letter
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.apache.kafka.streams.errors.StreamsException("interrupted while waiting for a model call", e);
            }
        }
    }

    /** Emits every finished entry that ordering allows. Stream thread only. */
    private void drain() {
        Set<String> blockedKeys = settings.ordering() == Ordering.ORDERED ? new HashSet<>() : Set.of();
        Iterator<Entry<V, O>> it = queue.iterator();
        while (it.hasNext()) {
            Entry<V, O> entry = it.next();
            if (settings.ordering() == Ordering.ORDERED && blockedKeys.contains(entry.orderKey())) {
                continue;
            }
            if (entry.future.isDone()) {
                emit(entry);
                it.remove();
            } else if (settings.ordering() == Ordering.ORDERED) {
                blockedKeys.add(entry.orderKey());
            }
        }
    }

    private void emit(Entry<V, O> entry) {
        try {
            ModelGateway.Completed<O> done = entry.future.join();
            context.forward(entry.record.withValue(new AsyncOutcome.Result<>(entry.requestId, done.output(), done.answer())));
            if (!done.answer().cached()) {
                context.forward(entry.record.withKey(entry.cacheKey).withHeaders(new RecordHeaders())
                        .withValue(new AsyncOutcome.CacheWrite<>(entry.cacheKey, done.answer())));
            }
        } catch (RuntimeException e) {
            Throwable cause = ModelGateway.unwrap(e);
            CallFailedException failure = cause instanceof CallFailedException f ? f
                    : new CallFailedException(ErrorReason.PROCESSING_ERROR, 0, cause.toString(), cause);
            context.forward(entry.record.withValue(new AsyncOutcome.Failure<>(entry.requestId, entry.record.value(),
                    failure.reason(), failure.getMessage(), failure.attempts(), entry.sourceTopic, entry.sourcePartition, entry.sourceOffset)));
        }
        if (entry.persisted) {
            inFlightStore.delete(entry.requestId);
        }
    }

    /** Requests waiting in this task (for tests and metrics). */
    int queued() {
        return queue.size();
    }

    @Override
    public void close() {
        // Calls still running are abandoned here, not lost: they stay in the in-flight store and are issued
        // again by whichever instance gets this task next.
        if (!queue.isEmpty()) {
            LOG.info("{} {} request(s) still in flight at close; they will be re-issued on restart", queue.size(), task.use());
        }
        queue.clear();
    }

    private InFlight save(long seq, String requestId, Record<String, V> record, String topic, int partition, long offset) {
        List<InFlight.HeaderValue> headers = new ArrayList<>();
        for (Header h : record.headers()) {
            headers.add(new InFlight.HeaderValue(h.key(), h.value() == null ? null : Base64.getEncoder().encodeToString(h.value())));
        }
        return new InFlight(1, requestId, seq, record.key(), Json.mapper().valueToTree(record.value()), record.timestamp(),
                headers, topic, partition, offset);
    }

    private V readValue(InFlight saved) {
        try {
            return Json.mapper().treeToValue(saved.value(), task.inputType());
        } catch (Exception e) {
            throw new IllegalStateException("cannot restore in-flight request " + saved.requestId() + ": " + e.getMessage(), e);
        }
    }

    private static Headers headersOf(InFlight saved) {
        RecordHeaders headers = new RecordHeaders();
        if (saved.headers() != null) {
            for (InFlight.HeaderValue h : saved.headers()) {
                headers.add(h.key(), h.base64() == null ? null : Base64.getDecoder().decode(h.base64()));
            }
        }
        return headers;
    }

    /** Exposed for the max-block bound in docs and tests. */
    Duration maxBlock() {
        return settings.maxBlock();
    }
}
