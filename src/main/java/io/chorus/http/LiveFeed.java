package io.chorus.http;

import io.chorus.model.GeneratedContent;
import io.chorus.model.ScoredPost;
import io.chorus.serde.Json;
import io.chorus.model.SentimentAlert;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.javalin.http.sse.SseClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live feed: one consumer thread reads committed scored posts and generated content (replies, captions) from
 * the end of their topics, keeps the latest {@code keep} of each in memory for {@code /api/content/latest}, and
 * sends each as a server-sent event ({@code scored} or {@code content}) to every connected client. A client that
 * connects first gets the buffered events (oldest first), then live ones, each exactly once.
 *
 * <p>It reads every partition itself (no consumer group), so every instance shows the whole feed. Records that do
 * not parse are skipped with a log line naming topic, partition and offset.
 *
 * <p><b>Slow viewers.</b> The consumer thread never writes to a connection: it only offers each event to every
 * client's bounded queue ({@code clientBuffer} events), which never blocks. Each client has its own sender thread
 * that writes its queue to its connection. A client whose queue is full has fallen behind (it stopped reading, or
 * reads slower than the feed grows): it is dropped at once (its connection aborted, counted in
 * {@code chorus.feed.dropped.clients}; the page reconnects and gets the buffered events again), and no other client
 * waits for it.
 */
final class LiveFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final AtomicLong CLIENT_IDS = new AtomicLong();
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Queued like an event; the sender writes it as an SSE comment. */
    private static final FeedEvent HEARTBEAT_EVENT = new FeedEvent("heartbeat", null, -1, -1, null);
    /** Ends a sender thread. */
    private static final FeedEvent STOP = new FeedEvent("stop", null, -1, -1, null);
    static final String SCORED = "scored";
    static final String CONTENT = "content";
    static final String ALERT = "alert";
    private static final io.chorus.serde.JsonSerde<SentimentAlert> ALERTS = io.chorus.serde.JsonSerde.of(SentimentAlert.class);

    /** One feed item as sent and buffered: its kind, when it was read, the topic, and the record value. */
    public record FeedEvent(String type, String topic, int partition, long offset, Object value) {
    }

    private final Map<String, Object> clientProps;
    private final Topics topics;
    private final int keep;
    private final int clientBuffer;
    private final Deque<FeedEvent> scored = new ArrayDeque<>();
    private final Deque<FeedEvent> content = new ArrayDeque<>();
    private final Deque<FeedEvent> recent = new ArrayDeque<>();
    private final List<FeedClient> clients = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Counter scoredEvents;
    private final Counter contentEvents;
    private final Counter alertEvents;
    private final Counter skipped;
    private final Counter droppedClients;
    private volatile boolean live;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    LiveFeed(Map<String, Object> clientProps, Topics topics, int keep, int clientBuffer, MeterRegistry registry) {
        if (keep <= 0) {
            throw new IllegalArgumentException("keep must be > 0");
        }
        if (clientBuffer <= 0) {
            throw new IllegalArgumentException("clientBuffer must be > 0");
        }
        this.clientProps = clientProps;
        this.topics = topics;
        this.keep = keep;
        this.clientBuffer = clientBuffer;
        this.scoredEvents = Counter.builder("chorus.feed.events").tag("type", SCORED)
                .description("Records read by the live feed").register(registry);
        this.contentEvents = Counter.builder("chorus.feed.events").tag("type", CONTENT)
                .description("Records read by the live feed").register(registry);
        this.alertEvents = Counter.builder("chorus.feed.events").tag("type", ALERT)
                .description("Records read by the live feed").register(registry);
        this.skipped = Counter.builder("chorus.feed.skipped").description("Feed records that did not parse").register(registry);
        this.droppedClients = Counter.builder("chorus.feed.dropped.clients")
                .description("Live-feed (SSE) clients disconnected because they fell behind (http.feed.client.buffer)").register(registry);
        Gauge.builder("chorus.feed.clients", clients, List::size).description("Connected live-feed (SSE) clients").register(registry);
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "chorus-live-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** True once the consumer is positioned at the end of every feed topic: later records will be shown. */
    boolean live() {
        return live;
    }

    /**
     * Registers an SSE client: buffered events first, then live ones. Call from the SSE handler; returns at once (the
     * client's sender thread does the writing).
     */
    void connect(SseClient sse) {
        FeedClient client = new FeedClient(sse, clientBuffer + keep + 1);
        sse.keepAlive();
        sse.onClose(client::stop);
        synchronized (this) {
            List<FeedEvent> replay = new ArrayList<>(recent);
            client.offer(new FeedEvent("hello", null, -1, -1, Map.of("live", live, "buffered", replay.size())));
            replay.forEach(client::offer);
            clients.add(client);
        }
        client.start();
    }

    synchronized List<FeedEvent> latest(String type, int limit) {
        Deque<FeedEvent> source = SCORED.equals(type) ? scored : content;
        List<FeedEvent> out = new ArrayList<>(Math.min(limit, source.size()));
        var it = source.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return out;
    }

    int clientCount() {
        return clients.size();
    }

    private void run() {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "chorus-live-feed-" + Long.toHexString(System.nanoTime()));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
            consumer = c;
            if (closed.getCount() == 0) {
                return;
            }
            List<TopicPartition> partitions = awaitPartitions(c);
            if (partitions == null) {
                return;
            }
            c.assign(partitions);
            c.seekToEnd(partitions);
            partitions.forEach(c::position); // resolve the end offsets now, so "live" means nothing later is missed
            live = true;
            LOG.info("Live feed reading {} partitions of {}, {}, {} from their end", partitions.size(),
                    topics.scored.name(), topics.replies.name(), topics.captions.name());
            long nextHeartbeat = System.nanoTime() + HEARTBEAT.toNanos();
            while (closed.getCount() > 0) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    FeedEvent event = parse(r);
                    if (event != null) {
                        publish(event);
                    }
                }
                if (System.nanoTime() > nextHeartbeat) {
                    clients.forEach(client -> client.offer(HEARTBEAT_EVENT));
                    nextHeartbeat = System.nanoTime() + HEARTBEAT.toNanos();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (closed.getCount() > 0) {
                LOG.error("Live feed stopped: {}", e.toString(), e);
            }
        } finally {
            live = false;
            consumer = null;
        }
    }

    /** Partitions of the three feed topics, waiting (until closed) for topics that do not exist yet. */
    private List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> c) {
        List<String> names = List.of(topics.scored.name(), topics.replies.name(), topics.captions.name());
        long warnAt = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (closed.getCount() > 0) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String name : names) {
                List<PartitionInfo> infos = c.partitionsFor(name, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) {
                    missing.add(name);
                } else {
                    infos.forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
                }
            }
            if (missing.isEmpty()) {
                // sentiment-shift alerts too, when the deployment has the topic (social listening); never waited for
                List<PartitionInfo> alerts = c.partitionsFor(topics.name(TopicId.ALERTS), Duration.ofSeconds(10));
                if (alerts != null) {
                    alerts.forEach(p -> partitions.add(new TopicPartition(topics.name(TopicId.ALERTS), p.partition())));
                }
                return partitions;
            }
            if (System.nanoTime() > warnAt) {
                LOG.warn("Live feed waiting for topics {} to exist (create them with 'chorus topics apply')", missing);
                warnAt = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            }
            try {
                if (closed.await(1, TimeUnit.SECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private FeedEvent parse(ConsumerRecord<byte[], byte[]> r) {
        if (r.topic().equals(topics.name(TopicId.ALERTS))) {
            try {
                SentimentAlert alert = ALERTS.deserializer().deserialize(r.topic(), r.value());
                return alert == null ? null : new FeedEvent(ALERT, r.topic(), r.partition(), r.offset(), alert);
            } catch (RuntimeException e) {
                skipped.increment();
                LOG.warn("Live feed skipped a record it cannot read at {}-{} offset {}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                return null;
            }
        }
        boolean isScored = r.topic().equals(topics.scored.name());
        Deserializer<?> d = isScored ? topics.scored.valueSerde().deserializer() : topics.replies.valueSerde().deserializer();
        try {
            Object value = d.deserialize(r.topic(), r.value());
            if (value == null) {
                return null;
            }
            boolean ok = isScored ? value instanceof ScoredPost : value instanceof GeneratedContent;
            return ok ? new FeedEvent(isScored ? SCORED : CONTENT, r.topic(), r.partition(), r.offset(), value) : null;
        } catch (RuntimeException e) {
            skipped.increment();
            LOG.warn("Live feed skipped a record it cannot read at {}-{} offset {}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }

    private void publish(FeedEvent event) {
        (SCORED.equals(event.type()) ? scoredEvents : ALERT.equals(event.type()) ? alertEvents : contentEvents).increment();
        List<FeedClient> targets;
        synchronized (this) {
            if (!ALERT.equals(event.type())) {
                Deque<FeedEvent> buffer = SCORED.equals(event.type()) ? scored : content;
                buffer.addLast(event);
                if (buffer.size() > keep) {
                    buffer.removeFirst();
                }
            }
            recent.addLast(event);
            if (recent.size() > keep) {
                recent.removeFirst();
            }
            targets = List.copyOf(clients);
        }
        targets.forEach(client -> client.offer(event)); // never blocks: a client that is behind is dropped
    }

    /** Stops the consumer thread (within a few seconds) and ends every SSE connection. */
    @Override
    public void close() {
        closed.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("Live feed thread did not stop within 15 s");
            }
        }
        clients.forEach(FeedClient::stop);
        clients.clear();
    }

    /**
     * One SSE connection: a bounded queue the consumer thread offers to, and a sender thread that writes it out. Only
     * the sender thread writes to the connection.
     */
    private final class FeedClient {
        private final SseClient sse;
        private final BlockingQueue<FeedEvent> queue;
        private final Thread sender;
        private final AtomicBoolean stopped = new AtomicBoolean();

        FeedClient(SseClient sse, int capacity) {
            this.sse = sse;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.sender = new Thread(this::sendLoop, "chorus-live-feed-client-" + CLIENT_IDS.incrementAndGet());
            this.sender.setDaemon(true);
        }

        void start() {
            sender.start();
        }

        /** Queues an item without blocking; a full queue means the client fell behind, and it is dropped. */
        void offer(FeedEvent event) {
            if (stopped.get()) {
                return;
            }
            if (!queue.offer(event)) {
                droppedClients.increment();
                LOG.info("Live feed dropped a viewer that fell {} events behind (http.feed.client.buffer); it may reconnect", clientBuffer);
                abort();
            }
        }

        private void sendLoop() {
            try {
                while (!stopped.get()) {
                    FeedEvent event = queue.take();
                    if (event == STOP || sse.terminated()) {
                        break;
                    }
                    if (event == HEARTBEAT_EVENT) {
                        sse.sendComment("heartbeat");
                    } else {
                        sse.sendEvent(event.type(), Json.mapper().writeValueAsString(event), event.offset() < 0 ? null
                                : event.topic() + "/" + event.partition() + "/" + event.offset());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debug("Live feed viewer gone: {}", e.toString());
            } finally {
                stop();
            }
        }

        /** Ends this client: off the list, sender told to stop, connection closed. Safe to call more than once. */
        void stop() {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            clients.remove(this);
            queue.clear();
            queue.offer(STOP);
            try {
                sse.close();
            } catch (RuntimeException e) {
                // already gone
            }
        }

        /**
         * Drops a client that fell behind: its sender may be blocked in a write to a peer that does not read, which
         * closing the SSE stream does not end, so the connection itself is aborted.
         */
        private void abort() {
            stop();
            try {
                org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(sse.ctx().req());
                if (base != null) {
                    base.getHttpChannel().abort(new IOException("live-feed viewer fell behind"));
                }
            } catch (RuntimeException e) {
                LOG.debug("could not abort a slow live-feed connection: {}", e.toString());
            }
            sender.interrupt();
        }
    }
}
