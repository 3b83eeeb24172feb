package io.chorus.async;

import io.chorus.model.CachedResponse;
import io.chorus.serde.ErrorReason;
import io.chorus.serde.Json;
import io.chorus.serde.JsonSerde;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
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
 *   <li>Every input that cannot be emitted at once is saved in a changelogged in-flight store, under its own
 *       sequence number, and deleted when its outcome is emitted; {@link #init} issues again whatever a crash or a
 *       task migration left there. With {@code exactly_once_v2}, each input gives exactly one outcome.</li>
 *   <li>The in-flight store is <em>cached</em> (Kafka Streams' record cache), so a call that starts and ends
 *       between two commits costs one changelog record (the delete's tombstone) instead of two, and its entry
 *       itself reaches neither RocksDB nor the changelog. Why this keeps every input safe: the cache is flushed
 *       into the changelogged store before the task's offsets are added to the transaction, at every commit (and
 *       earlier when it evicts), and the store's changelog writes and the offsets commit or abort together. So
 *       when an input's offset commits, either its outcome was forwarded before that commit (its records and its
 *       delete are in that transaction), or its entry was still in the store at the flush (its put is in that
 *       transaction). A crash between commits aborts the open transaction: the offset is not committed and the
 *       input is read again. After any commit the changelog holds exactly the inputs read and not yet
 *       emitted.</li>
 *   <li>At most {@code capacity} calls per task are in flight. Inputs beyond that wait, saved, in a not-yet-issued
 *       queue and are issued as calls finish, so the stream thread goes back to committing and polling instead of
 *       waiting for the model. Only when {@code maxPending} inputs wait does {@code process()} wait for a call to
 *       finish, at most {@code maxBlock} in total between two punctuations (validated well below the
 *       transaction timeout); then it accepts the input anyway. No input is dropped or dead-lettered for being
 *       behind others.</li>
 *   <li>{@link Ordering} picks the {@link ElementQueue}: per key in input order, or as calls finish.</li>
 *   <li>Answers are looked up first in memory, then in the persistent cache (a global store over the cache
 *       topic); fresh answers are emitted as {@link AsyncOutcome.CacheWrite} for that topic.</li>
 * </ul>
 */
public final class AsyncModelProcessor<V, O> implements Processor<String, V, String, AsyncOutcome<V, O>> {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncModelProcessor.class);
    /** Parses persistent-cache records, which the global store keeps as the topic's bytes. */
    private static final JsonSerde<CachedResponse> CACHED = JsonSerde.of(CachedResponse.class);

    private final ModelTask<V, O> task;
    private final ModelGateway gateway;
    private final AsyncSettings settings;
    private final String inFlightStoreName;
    private final String cacheStoreName;
    private final ElementQueue<V, O> queue;
    /**
     * Saved inputs waiting for a free call slot, in arrival order. Added to on the stream thread; taken from there and
     * from call completions, which hand their slot straight to the next waiting input (see {@link #handOver}).
     */
    private final Deque<AsyncEntry<V, O>> notIssued = new ConcurrentLinkedDeque<>();
    /** Call slots taken (calls issued and not finished), at most {@code async.capacity}. */
    private final AtomicInteger calls = new AtomicInteger();
    /** Set at close: completions then issue nothing more. */
    private volatile boolean closed;

    private ProcessorContext<String, AsyncOutcome<V, O>> context;
    private KeyValueStore<String, InFlight> inFlightStore;
    private KeyValueStore<String, byte[]> cacheStore;
    private long nextSeq;
    /** What {@code process()} may still wait before the next punctuation. */
    private long blockBudgetNanos;
    private boolean warnedFull;

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
        this.queue = ElementQueue.of(settings.ordering());
    }

    @Override
    public void init(ProcessorContext<String, AsyncOutcome<V, O>> context) {
        this.context = context;
        this.inFlightStore = context.getStateStore(inFlightStoreName);
        this.cacheStore = cacheStoreName == null ? null : context.getStateStore(cacheStoreName);
        this.blockBudgetNanos = settings.maxBlock().toNanos();
        context.schedule(settings.punctuate(), PunctuationType.WALL_CLOCK_TIME, now -> punctuate());
        reissuePending();
    }

    /**
     * Queues every saved input again, in arrival order. Nothing is deleted here: an entry leaves the store only
     * when its outcome is emitted, so a crash before that (even right after this) loses nothing.
     */
    private void reissuePending() {
        List<KeyValue<String, InFlight>> pending = new ArrayList<>();
        try (KeyValueIterator<String, InFlight> it = inFlightStore.all()) {
            it.forEachRemaining(pending::add);
        }
        pending.sort(Comparator.comparingLong(kv -> kv.value.seq()));
        for (KeyValue<String, InFlight> kv : pending) {
            InFlight saved = kv.value;
            if (!kv.key.equals(InFlight.storeKey(saved.seq()))) {
                // saved by an older version under its request id: move it under its own key
                inFlightStore.put(InFlight.storeKey(saved.seq()), saved);
                inFlightStore.delete(kv.key);
            }
            Record<String, V> record = new Record<>(saved.key(), readValue(saved), saved.timestamp(), headersOf(saved));
            admit(newEntry(saved.seq(), saved.requestId(), record, saved.source()), true);
            nextSeq = Math.max(nextSeq, saved.seq() + 1);
        }
        if (!pending.isEmpty()) {
            LOG.info("Task {}: re-issued {} {} request(s) left in flight by a previous run", context.taskId(), pending.size(), task.use());
        }
    }

    @Override
    public void process(Record<String, V> record) {
        String requestId = RequestIds.requestId(task.inputId(record.value()), task.use(), task.promptVersion(), gateway.model());
        Record<String, V> copy = record.withHeaders(new RecordHeaders(record.headers().toArray()));
        AsyncEntry<V, O> entry = newEntry(nextSeq++, requestId, copy, SourcePosition.of(context.recordMetadata()));
        ModelGateway.Completed<O> hit = fromCache(entry.cacheKey(), copy.value());
        if (hit != null && queue.canBypass(entry.orderKey())) {
            entry.result().complete(hit);
            emit(entry, false); // nothing to wait for: no need to save it
        } else {
            inFlightStore.put(entry.storeKey(), save(entry));
            if (hit != null) {
                entry.result().complete(hit);
            }
            admit(entry, false); // just looked up: no need to look again before issuing
        }
        drain();
        awaitRoom();
    }

    private AsyncEntry<V, O> newEntry(long seq, String requestId, Record<String, V> record, SourcePosition source) {
        var request = task.prepare(record.value());
        return new AsyncEntry<>(seq, requestId, record, source, request, gateway.cacheKey(request), new CompletableFuture<>());
    }

    /**
     * Queues a saved entry; issues its call if a slot is free, else it waits for one.
     *
     * @param lookUp whether to look in the cache before calling (false when the caller just did)
     */
    private void admit(AsyncEntry<V, O> entry, boolean lookUp) {
        queue.add(entry);
        if (entry.result().isDone()) {
            return;
        }
        if (notIssued.isEmpty() && takeSlot()) {
            issue(entry, lookUp);
        } else {
            notIssued.addLast(entry);
            handOver(); // a slot may have been freed between the check and the add
        }
    }

    /** Takes a call slot if one is free. */
    private boolean takeSlot() {
        while (true) {
            int taken = calls.get();
            if (taken >= settings.capacity()) {
                return false;
            }
            if (calls.compareAndSet(taken, taken + 1)) {
                return true;
            }
        }
    }

    /**
     * Issues waiting inputs into free slots from whatever thread frees one: a call's completion hands its slot to
     * the next waiting input at once instead of leaving it idle until the stream thread's next drain (a punctuation
     * or the next input, up to a poll interval later; that idle time cost a quarter of the throughput). Only
     * thread-safe work happens here: the in-memory cache and the gateway. The persistent cache (a state store) is
     * read on the stream thread only, so an input issued from here may be asked of the model although the store
     * holds its answer: one call more, never a wrong or lost output.
     */
    private void handOver() {
        while (!closed && !notIssued.isEmpty() && takeSlot()) {
            AsyncEntry<V, O> next = notIssued.pollFirst();
            if (next == null) {
                calls.decrementAndGet(); // taken by another thread meanwhile
                continue;
            }
            ModelGateway.Completed<O> hit = fromMemoryCache(next.cacheKey(), next.record().value());
            if (hit != null) {
                calls.decrementAndGet();
                next.result().complete(hit);
            } else {
                call(next);
            }
        }
    }

    /**
     * With a slot taken: serves from the cache if the answer arrived meanwhile (when {@code lookUp}), giving the slot
     * back; otherwise calls the model. Stream thread.
     */
    private void issue(AsyncEntry<V, O> entry, boolean lookUp) {
        ModelGateway.Completed<O> hit = lookUp ? fromCache(entry.cacheKey(), entry.record().value()) : null;
        if (hit != null) {
            calls.decrementAndGet();
            entry.result().complete(hit);
            return;
        }
        call(entry);
    }

    /** Calls the model for an entry holding a slot; the completion frees the slot and hands it on. */
    private void call(AsyncEntry<V, O> entry) {
        V value = entry.record().value();
        gateway.submit(task.use(), entry.request(), entry.cacheKey(), answer -> task.complete(value, answer)).whenComplete((done, error) -> {
            calls.decrementAndGet();
            handOver();
            if (error == null) {
                entry.result().complete(done);
            } else {
                entry.result().completeExceptionally(error);
            }
        });
    }

    /** The in-memory cache layer alone: safe off the stream thread. */
    private ModelGateway.Completed<O> fromMemoryCache(String cacheKey, V value) {
        ModelAnswer answer = gateway.cached(cacheKey);
        return answer == null ? null : completeFromCache(answer, value, "memory");
    }

    private ModelGateway.Completed<O> fromCache(String cacheKey, V value) {
        ModelAnswer answer = gateway.cached(cacheKey);
        String layer = "memory";
        if (answer == null && cacheStore != null) {
            CachedResponse stored = storedAnswer(cacheKey);
            if (stored != null) {
                answer = ModelAnswer.fromCache(stored.text(), stored.model(), stored.tokensIn(), stored.tokensOut());
                layer = "store";
                gateway.remember(cacheKey, answer);
            }
        }
        if (answer == null) {
            return null;
        }
        return completeFromCache(answer, value, layer);
    }

    private ModelGateway.Completed<O> completeFromCache(ModelAnswer answer, V value, String layer) {
        try {
            ModelAnswer cached = answer.asCached();
            O output = task.complete(value, cached);
            gateway.metrics().cacheHit(task.use(), layer);
            return new ModelGateway.Completed<>(output, cached);
        } catch (Exception e) {
            return null; // a cached answer this task cannot read (e.g. an older parser): ask again
        }
    }

    /** The persistent cache's record, or null when absent or unreadable (then the model is asked again). */
    private CachedResponse storedAnswer(String cacheKey) {
        byte[] bytes = cacheStore.get(cacheKey);
        if (bytes == null) {
            return null;
        }
        try {
            return CACHED.fromBytes(bytes);
        } catch (RuntimeException e) {
            LOG.debug("unreadable cache record {}: {}", cacheKey, e.getMessage());
            return null;
        }
    }

    private void punctuate() {
        blockBudgetNanos = settings.maxBlock().toNanos();
        warnedFull = false;
        drain();
    }

    /**
     * When {@code maxPending} inputs already wait for a slot, waits for calls to finish, within what is left of
     * {@code maxBlock} since the last punctuation; then returns either way (the input is saved and queued).
     */
    private void awaitRoom() {
        while (notIssued.size() >= settings.maxPending() && blockBudgetNanos > 0) {
            long start = System.nanoTime();
            try {
                queue.awaitCompletion(blockBudgetNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StreamsException("interrupted while waiting for a model call", e);
            }
            blockBudgetNanos -= System.nanoTime() - start;
            drain();
        }
        if (notIssued.size() >= settings.maxPending() && !warnedFull) {
            warnedFull = true;
            LOG.warn("Task {}: {} {} input(s) wait for a model call slot (async.max.pending={}); accepting more so the stream "
                    + "thread keeps committing; the model endpoint is slower than the input", context.taskId(), notIssued.size(),
                    task.use(), settings.maxPending());
        }
    }

    /** Issues waiting inputs into free slots and emits every finished entry the ordering allows. Stream thread only. */
    private void drain() {
        queue.drainTo(e -> emit(e, true));
        while (!notIssued.isEmpty() && takeSlot()) {
            AsyncEntry<V, O> next = notIssued.pollFirst();
            if (next == null) {
                calls.decrementAndGet(); // a completion took it meanwhile
                continue;
            }
            issue(next, true);
        }
        queue.drainTo(e -> emit(e, true)); // cache hits found while issuing
    }

    private void emit(AsyncEntry<V, O> entry, boolean saved) {
        Record<String, V> record = entry.record();
        try {
            ModelGateway.Completed<O> done = entry.result().join();
            context.forward(record.withValue(new AsyncOutcome.Result<>(entry.requestId(), done.output(), done.answer())));
            if (!done.answer().cached()) {
                context.forward(record.withKey(entry.cacheKey()).withHeaders(new RecordHeaders())
                        .withValue(new AsyncOutcome.CacheWrite<>(entry.cacheKey(), done.answer())));
            }
        } catch (RuntimeException e) {
            Throwable cause = ModelGateway.unwrap(e);
            CallFailedException failure = cause instanceof CallFailedException f ? f
                    : new CallFailedException(ErrorReason.PROCESSING_ERROR, 0, cause.toString(), cause);
            context.forward(record.withValue(new AsyncOutcome.Failure<>(entry.requestId(), record.value(),
                    failure.reason(), failure.getMessage(), failure.attempts(), entry.source())));
        }
        if (saved) {
            inFlightStore.delete(entry.storeKey());
        }
    }

    /** Inputs held by this task, issued or waiting (for tests and metrics). */
    int queued() {
        return queue.size();
    }

    /** Inputs saved and waiting for a call slot. */
    int waitingForSlot() {
        return notIssued.size();
    }

    @Override
    public void close() {
        // Inputs still held are abandoned here, not lost: they stay in the in-flight store and are issued
        // again by whichever instance gets this task next.
        if (queue.size() > 0) {
            LOG.info("{} {} request(s) still in flight at close; they will be re-issued on restart", queue.size(), task.use());
        }
        closed = true;
        queue.clear();
        notIssued.clear();
    }

    private InFlight save(AsyncEntry<V, O> entry) {
        Record<String, V> record = entry.record();
        List<InFlight.HeaderValue> headers = new ArrayList<>();
        for (Header h : record.headers()) {
            headers.add(new InFlight.HeaderValue(h.key(), h.value() == null ? null : Base64.getEncoder().encodeToString(h.value())));
        }
        SourcePosition source = entry.source();
        return new InFlight(1, entry.requestId(), entry.seq(), record.key(), record.value(),
                record.timestamp(), headers, source.topic(), source.partition(), source.offset());
    }

    private V readValue(InFlight saved) {
        try {
            return Json.mapper().convertValue(saved.value(), task.inputType());
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
}
