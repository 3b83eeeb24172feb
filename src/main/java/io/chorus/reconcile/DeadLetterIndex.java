package io.chorus.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.deadletter.DeadLetters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The dead-letter topic indexed by where each dead letter came from ({@code __streams.errors.topic/partition/offset}),
 * and, for dead letters of internal topics (repartitions) whose offsets mean nothing outside the application, by the
 * id inside the original value. Each dead letter accounts for one input only: it is taken when matched.
 */
final class DeadLetterIndex {

    private final Map<String, List<String>> byCoordinates = new HashMap<>();
    private final Map<String, List<String>> byId = new HashMap<>();
    private final Map<String, Map<String, Long>> byStage = new TreeMap<>();
    private String lastTaken;

    DeadLetterIndex(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
            String topic = DeadLetters.header(r.headers(), DeadLetters.HEADER_TOPIC);
            String partition = DeadLetters.header(r.headers(), DeadLetters.HEADER_PARTITION);
            String offset = DeadLetters.header(r.headers(), DeadLetters.HEADER_OFFSET);
            String reason = DeadLetters.header(r.headers(), DeadLetters.HEADER_REASON);
            String stage = DeadLetters.header(r.headers(), DeadLetters.HEADER_STAGE);
            String why = reason != null ? reason : exceptionName(DeadLetters.header(r.headers(), DeadLetters.HEADER_EXCEPTION));
            byStage.computeIfAbsent(stage == null ? "<none>" : stage, k -> new TreeMap<>()).merge(why, 1L, Long::sum);
            if (topic != null) {
                byCoordinates.computeIfAbsent(topic + "/" + partition + "@" + offset, k -> new ArrayList<>()).add(why);
                JsonNode value = Reconciler.parse(r.value());
                for (String field : List.of("id", "postId", "userId")) {
                    String id = Reconciler.text(value, field);
                    if (id != null) {
                        byId.computeIfAbsent(topic + "|" + field + "|" + id, k -> new ArrayList<>()).add(why);
                    }
                }
            }
        }
    }

    /** The reason of a dead letter for the record at these coordinates, taken so it accounts for one input only. */
    String reasonAt(String topic, int partition, long offset) {
        return take(byCoordinates, topic + "/" + partition + "@" + offset);
    }

    /** The reason of a dead letter from {@code topic} whose value's post id ({@code postId} or {@code id}) is {@code id}. */
    String takeById(String topic, String id) {
        String r = take(byId, topic + "|postId|" + id);
        lastTaken = r != null ? r : take(byId, topic + "|id|" + id);
        return lastTaken;
    }

    String takeByField(String topic, String field, String id) {
        return take(byId, topic + "|" + field + "|" + id);
    }

    String lastTakenReason() {
        return lastTaken;
    }

    /** Dead letters per stage header and reason. */
    Map<String, Map<String, Long>> byStage() {
        return byStage;
    }

    private static String take(Map<String, List<String>> index, String key) {
        List<String> reasons = index.get(key);
        if (reasons == null || reasons.isEmpty()) {
            return null;
        }
        return reasons.remove(reasons.size() - 1);
    }

    private static String exceptionName(String className) {
        if (className == null || className.isEmpty()) {
            return "<no reason>";
        }
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
