package io.chorus.reliability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.model.ScoredPost;
import io.chorus.serde.Json;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.TopicReader;
import io.chorus.topics.Topics;
import io.chorus.deadletter.DeadLetters;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a downstream read_committed consumer sees of one pipeline run: the scored posts' ids and the dead letters.
 * The reliability tests count inputs against these, so "exactly once" means: every input id appears once, in
 * exactly one of the two topics.
 */
record Outcomes(List<String> scoredIds, List<ConsumerRecord<byte[], byte[]>> deadLetters) {

    private static final JsonSerde<ScoredPost> SCORED = JsonSerde.of(ScoredPost.class);

    /** Reads both output topics to their committed end. */
    static Outcomes read(String bootstrap, Topics topics) {
        List<String> ids = TopicReader.readAll(bootstrap, topics.scored.name()).stream()
                .map(r -> SCORED.fromBytes(r.value()).postId()).toList();
        return new Outcomes(ids, TopicReader.readAll(bootstrap, topics.dlq.name()));
    }

    /** Polls (bounded by {@code atMost}) until {@code done} holds for what the topics show, and returns that view. */
    static Outcomes awaitUntil(String bootstrap, Topics topics, Duration atMost, Predicate<Outcomes> done) {
        List<Outcomes> last = new ArrayList<>(List.of(new Outcomes(List.of(), List.of())));
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            last.set(0, read(bootstrap, topics));
            return done.test(last.get(0));
        });
        return last.get(0);
    }

    int total() {
        return scoredIds.size() + deadLetters.size();
    }

    /** Dead letters counted by their {@code chorus.error.reason} header ("<none>" when absent). */
    Map<String, Integer> reasons() {
        Map<String, Integer> counts = new TreeMap<>();
        for (var r : deadLetters) {
            String reason = DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON);
            counts.merge(reason == null ? "<none>" : reason, 1, Integer::sum);
        }
        return counts;
    }

    /** The post id inside a dead letter's original bytes (which are a valid post for model failures), or null. */
    static String postIdOf(ConsumerRecord<byte[], byte[]> deadLetter) {
        if (deadLetter.value() == null) {
            return null;
        }
        try {
            JsonNode id = Json.mapper().readTree(deadLetter.value()).get("id");
            return id == null ? null : id.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** A valid post as one JSON line. */
    static String post(String id, String authorId, String text) {
        return "{\"schemaVersion\":1,\"id\":" + quote(id) + ",\"authorId\":" + quote(authorId) + ",\"text\":" + quote(text) + "}";
    }

    static String quote(String s) {
        try {
            return Json.mapper().writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
