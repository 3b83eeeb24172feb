package io.chorus.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chorus.app.SampleFeed;
import io.chorus.config.TopicId;
import io.chorus.model.Post;
import io.chorus.serde.InvalidRecordException;
import io.chorus.serde.Json;
import io.chorus.serde.JsonSerde;
import io.chorus.topics.TopicSchemas;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The benchmark's input: valid posts built from the texts of the bundled sample feed, numbered 0..n-1. Post
 * {@code i} has id {@code b-i}, author {@code u-(i mod authors)} (so keys spread over every partition) and a text
 * made unique by its number (so no model answer is ever served from the response cache). Its number also travels
 * in the header {@value #SEQ_HEADER}, which Kafka Streams copies to every output, so an output is matched to its
 * input without parsing JSON.
 */
public final class BenchFeed {

    public static final String SEQ_HEADER = "chorus.bench.seq";

    private final List<String> texts;
    private final int authors;

    public BenchFeed(int authors) {
        if (authors < 1) {
            throw new IllegalArgumentException("authors must be >= 1");
        }
        this.texts = sampleTexts();
        this.authors = authors;
    }

    private static List<String> sampleTexts() {
        JsonSerde<Post> serde = JsonSerde.of(Post.class).withSchema(TopicSchemas.defaults().check(TopicId.POSTS));
        List<String> texts = new ArrayList<>();
        try (BufferedReader r = SampleFeed.open(SampleFeed.POSTS)) {
            String line;
            while ((line = r.readLine()) != null) {
                try {
                    Post p = line.isBlank() ? null : serde.fromBytes(line.getBytes(StandardCharsets.UTF_8));
                    if (p != null && !p.text().isBlank()) {
                        texts.add(p.text());
                    }
                } catch (InvalidRecordException e) {
                    // the sample feed holds deliberately bad lines for the dead-letter demo; the bench wants valid posts only
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (texts.isEmpty()) {
            throw new IllegalStateException("no valid post in the sample feed");
        }
        return texts;
    }

    public String key(int i) {
        return "u-" + (i % authors);
    }

    public Post post(int i, Instant createdAt) {
        String text = texts.get(i % texts.size()) + " (" + i + ")";
        return new Post(Post.SCHEMA_VERSION, "b-" + i, key(i), text, createdAt, "en", List.of(), null);
    }

    public byte[] postBytes(int i, Instant createdAt) {
        try {
            return Json.mapper().writeValueAsBytes(post(i, createdAt));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public ProducerRecord<byte[], byte[]> record(String topic, int i, Instant createdAt) {
        Headers headers = new RecordHeaders();
        headers.add(new RecordHeader(SEQ_HEADER, ByteBuffer.allocate(4).putInt(i).array()));
        return new ProducerRecord<>(topic, null, createdAt.toEpochMilli(), key(i).getBytes(StandardCharsets.UTF_8),
                postBytes(i, createdAt), headers);
    }

    /** The post number in an output's headers, or -1. */
    public static int seqOf(Headers headers) {
        Header h = headers.lastHeader(SEQ_HEADER);
        return h == null || h.value() == null || h.value().length != 4 ? -1 : ByteBuffer.wrap(h.value()).getInt();
    }

    /** Sends posts {@code from..to-1} as fast as the producer takes them and waits for every acknowledgement. */
    public void produceAll(Producer<byte[], byte[]> producer, String topic, int from, int to, long[] sentNanos) {
        Instant now = Instant.now();
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = from; i < to; i++) {
            if (sentNanos != null) {
                sentNanos[i] = System.nanoTime();
            }
            producer.send(record(topic, i, now), (meta, e) -> failure.compareAndSet(null, e));
        }
        producer.flush();
        check(topic, failure);
    }

    /**
     * Sends posts {@code from..from+n-1} at a steady {@code perSecond}, recording each send time at its post number
     * in {@code sentNanos}, and waits for every acknowledgement. A send that falls behind its slot goes at once;
     * later slots keep their schedule.
     */
    public void produceAtRate(Producer<byte[], byte[]> producer, String topic, int from, int n, double perSecond, long[] sentNanos) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        double interval = 1e9 / perSecond;
        for (int i = 0; i < n; i++) {
            long slot = start + (long) (i * interval);
            long wait;
            while ((wait = slot - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            sentNanos[from + i] = System.nanoTime();
            producer.send(record(topic, from + i, Instant.now()), (meta, e) -> failure.compareAndSet(null, e));
        }
        producer.flush();
        check(topic, failure);
    }

    private static void check(String topic, AtomicReference<Exception> failure) {
        if (failure.get() != null) {
            throw new IllegalStateException("cannot produce to " + topic + ": " + failure.get().getMessage(), failure.get());
        }
    }
}
