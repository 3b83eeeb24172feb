package io.chorus.bench;

import io.chorus.async.ModelAnswer;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.ChatModelClient;
import io.chorus.llm.ChatResult;
import io.chorus.llm.ModelCallException;
import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import io.chorus.sentiment.LlmSentimentTask;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baselines the benchmarks compare Chorus with, each a minimal topology run with the same Kafka Streams
 * properties as Chorus ({@link ChorusTopology#streamsProperties}: exactly-once, commit interval, dead-letter
 * handlers), and a small runner for them.
 */
public final class BenchStreams implements AutoCloseable {

    private final KafkaStreams streams;

    private BenchStreams(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Read, deserialize (with the same validating JSON serde as Chorus), serialize, write: the floor of what any
     * topology on this input costs.
     */
    public static Topology passThrough(ChorusConfig config, String outputTopic) {
        Topics topics = Topics.from(config);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.posts.name(), Consumed.with(topics.posts.keySerde(), topics.posts.valueSerde()).withName("posts-source"))
                .to(outputTopic, Produced.with(topics.posts.keySerde(), topics.posts.valueSerde()).withName("pass-through-sink"));
        return builder.build();
    }

    /**
     * The synchronous baseline of the async benchmark: the same prompt and parsing as {@link LlmSentimentTask}, but
     * the model is called directly and blocking inside {@code mapValues}, so each stream thread has exactly one
     * call in flight. This is the anti-pattern the async processor exists to avoid; it is here only to be measured.
     */
    public static Topology blockingModel(ChorusConfig config, ChatModelClient client) {
        Topics topics = Topics.from(config);
        LlmSentimentTask task = new LlmSentimentTask(Clock.systemUTC());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.posts.name(), Consumed.with(topics.posts.keySerde(), topics.posts.valueSerde()).withName("posts-source"))
                .mapValues(post -> callBlocking(client, task, post), Named.as("sentiment-blocking"))
                .selectKey((authorId, s) -> s.postId(), Named.as("key-by-post-id"))
                .to(topics.scored.name(), Produced.with(topics.scored.keySerde(), topics.scored.valueSerde()).withName("scored-sink"));
        return builder.build();
    }

    private static ScoredPost callBlocking(ChatModelClient client, LlmSentimentTask task, Post post) {
        long start = System.nanoTime();
        try {
            ChatResult r = client.chat(task.prepare(post));
            ModelAnswer answer = ModelAnswer.fresh(r.text(), r.model(), r.tokensIn(), r.tokensOut(),
                    new ModelAnswer.Call(0.0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), 1));
            return task.complete(post, answer);
        } catch (ModelCallException e) {
            throw new IllegalStateException("model call failed for post " + post.id() + ": " + e.getMessage(), e);
        }
    }

    /** Starts {@code topology} with Chorus's streams properties for {@code config}; returns at once. */
    public static BenchStreams start(Topology topology, ChorusConfig config) {
        Properties props = ChorusTopology.streamsProperties(config);
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.start();
        return new BenchStreams(streams);
    }

    public void awaitRunning(Duration timeout) {
        awaitRunning(streams, timeout);
    }

    /** Polls the state until RUNNING (Kafka Streams offers no future for it); fails on ERROR or at the deadline. */
    static void awaitRunning(KafkaStreams streams, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("Kafka Streams is " + streams.state());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams not RUNNING after " + timeout);
            }
            try {
                Thread.sleep(20); // state polling at start-up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
