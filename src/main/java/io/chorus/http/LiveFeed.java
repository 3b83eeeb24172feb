package io.chorus.http;

import io.chorus.model.GeneratedContent;
import io.chorus.model.ScoredPost;
import io.chorus.serde.Json;
import io.chorus.topics.Topics;
import io.javalin.http.sse.SseClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * not parse are skipped with a log line naming topic, partition and offset. Sends happen on the consumer thread:
 * a client that stops reading stalls the feed for the others until its connection times out, acceptable for a
 * dashboard with a handful of viewers.
 */
final class LiveFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final String SCORED = "scored";
    static final String CONTENT = "content";

    /** One feed item as sent and buffered: its kind, when it was read, the topic, and the record value. */
    public record FeedEvent(String type, String topic, int partition, long offset, Object value) {
    }

    private final Map<String, Object> clientProps;
    private final Topics topics;
    private final int keep;
    private final Deque<FeedEvent> scored = new ArrayDeque<>();
    private final Deque<FeedEvent> content = new ArrayDeque<>();
    private final Deque<FeedEvent> recent = new ArrayDeque<>();
    private final List<FeedClient> clients = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Counter scoredEvents;
    private final Counter contentEvents;
    private final Counter skipped;
    private volatile boolean live;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    LiveFeed(Map<String, Object> clientProps, Topics topics, int keep, MeterRegistry registry) {
        if (keep <= 0) {
            throw new IllegalArgumentException("keep must be > 0");
        }
        this.clientProps = clientProps;
        this.topics = topics;
        this.keep = keep;
        this.scoredEvents = Counter.builder("chorus.feed.events").tag("type", SCORED)
                .description("Records read by the live feed").register(registry);
        this.contentEvents = Counter.builder("chorus.feed.events").tag("type", CONTENT)
                .description("Records read by the live feed").register(registry);
        this.skipped = Counter.builder("chorus.feed.skipped").description("Feed records that did not parse").register(registry);
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

    /** Registers an SSE client: buffered events first, then live ones. Call from the SSE handler. */
    void connect(SseClient sse) {
        FeedClient client = new FeedClient(sse);
        sse.keepAlive();
        sse.onClose(() -> clients.remove(client));
        List<FeedEvent> replay;
        synchronized (client) {
            synchronized (this) {
                replay = new ArrayList<>(recent);
                clients.add(client);
            }
            client.send(new FeedEvent("hello", null, -1, -1, Map.of("live", live, "buffered", replay.size())));
            replay.forEach(client::send);
        }
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
                    clients.forEach(FeedClient::heartbeat);
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
        (SCORED.equals(event.type()) ? scoredEvents : contentEvents).increment();
        List<FeedClient> targets;
        synchronized (this) {
            Deque<FeedEvent> buffer = SCORED.equals(event.type()) ? scored : content;
            buffer.addLast(event);
            if (buffer.size() > keep) {
                buffer.removeFirst();
            }
            recent.addLast(event);
            if (recent.size() > keep) {
                recent.removeFirst();
            }
            targets = List.copyOf(clients);
        }
        targets.forEach(client -> client.send(event));
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
        clients.forEach(FeedClient::close);
        clients.clear();
    }

    /** One SSE connection; sends are serialized per client. */
    private final class FeedClient {
        private final SseClient sse;

        FeedClient(SseClient sse) {
            this.sse = sse;
        }

        synchronized void send(FeedEvent event) {
            if (sse.terminated()) {
                clients.remove(this);
                return;
            }
            try {
                sse.sendEvent(event.type(), Json.mapper().writeValueAsString(event), event.offset() < 0 ? null
                        : event.topic() + "/" + event.partition() + "/" + event.offset());
            } catch (Exception e) {
                clients.remove(this);
            }
        }

        synchronized void heartbeat() {
            if (sse.terminated()) {
                clients.remove(this);
            } else {
                sse.sendComment("heartbeat");
            }
        }

        synchronized void close() {
            try {
                sse.close();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }
}
