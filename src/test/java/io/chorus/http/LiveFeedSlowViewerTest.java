package io.chorus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import io.chorus.model.SentimentLabel;
import io.chorus.testing.SharedBroker;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves that one dashboard viewer that never reads does not stall the live feed for the others: the viewer that
 * reads gets every event while the other's connection is full, and the one that fell behind is dropped.
 */
class LiveFeedSlowViewerTest {

    /** 160 events of about 64 KiB: about 10 MiB, over twice what the socket buffers of one connection can hold here. */
    private static final int EVENTS = 160;
    private static final String PADDING = "slow viewer padding ".repeat(3_300);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aViewerThatNeverReadsDoesNotDelayTheOthers() throws Exception {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.HTTP_PORT, 0, ChorusConfig.HTTP_FEED_CLIENT_BUFFER, 8));
        Topics topics = Topics.from(config);
        ChorusApp.ensureTopics(config, List.of(TopicId.SCORED, TopicId.REPLIES, TopicId.CAPTIONS));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.scored.name());
        try (ChorusHttpServer server = new ChorusHttpServer(config, registry);
             KafkaStreams streams = new KafkaStreams(builder.build(), props); // never started: the feed does not need it
             Producer<byte[], byte[]> producer = FeedProducer.producer(config.kafkaClientProps())) {
            int port = server.start();
            server.attach(streams, topics);
            await("live feed positioned").atMost(Duration.ofSeconds(60)).until(() -> registry.find("chorus.feed.clients").gauge() != null
                    && feedIsLive(port));

            try (Socket slow = new Socket(); Socket fast = new Socket(InetAddress.getLoopbackAddress(), port)) {
                slow.setReceiveBufferSize(2048); // and it never reads
                slow.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                requestFeed(slow, port);
                AtomicInteger received = new AtomicInteger();
                Thread reader = readFeed(fast, port, received);
                await("both viewers connected").atMost(Duration.ofSeconds(30))
                        .until(() -> registry.find("chorus.feed.clients").gauge().value() == 2.0);

                for (int i = 0; i < EVENTS; i++) {
                    Post post = new Post(1, "slow-" + i, "u1", i + " " + PADDING, Instant.now(), "en", List.of(), null);
                    ScoredPost scored = new ScoredPost(1, post.id(), "u1", post, 50, SentimentLabel.NEUTRAL, "test", Instant.now());
                    FeedProducer.produceOne(producer, topics.scored.name(), post.id(), topics.scored.valueSerde().serializer()
                            .serialize(topics.scored.name(), scored));
                }
                producer.flush();

                // Well within the server's 30 s idle timeout, which on its own would eventually unblock a stuck write.
                await("the reading viewer got every event").atMost(Duration.ofSeconds(25)).until(() -> received.get() == EVENTS);
                await("the viewer that fell behind was dropped").atMost(Duration.ofSeconds(25))
                        .until(() -> registry.find("chorus.feed.dropped.clients").counter() != null
                                && registry.find("chorus.feed.dropped.clients").counter().count() == 1.0);
                assertThat(registry.find("chorus.feed.clients").gauge().value()).isEqualTo(1.0);
                reader.interrupt();
            }
        }
    }

    private static boolean feedIsLive(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(("GET /api/health HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("\"feed\":\"LIVE\"");
        }
    }

    private static void requestFeed(Socket socket, int port) throws IOException {
        socket.getOutputStream().write(("GET /api/feed HTTP/1.1\r\nHost: localhost:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Reads the feed on its own thread and counts the scored events of this test. */
    private static Thread readFeed(Socket socket, int port, AtomicInteger received) throws IOException {
        requestFeed(socket, port);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Thread t = new Thread(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data: ") && line.contains("\"postId\":\"slow-")) {
                        received.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // socket closed at the end of the test
            }
        }, "fast-viewer");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
