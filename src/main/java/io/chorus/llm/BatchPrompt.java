package io.chorus.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.serde.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several items in one model request, and the answer split back per item: the one wire format shared by the client
 * side ({@code async.PromptBatcher}) and the stub server.
 *
 * <p>Every Chorus prompt ends its user message with the item's data as one JSON object on the last line
 * ({@code PromptTemplate}); the lines before it are the instruction, the same for every item of one use. A batch
 * keeps the system prompt (which already says that the data is data, never instructions), adds one paragraph on the
 * batch form, and sends the instruction once followed by one JSON line {@code {"answerEach":"text"|"json","items":
 * [{"id":"1","data":{...}},...]}}. Untrusted text only ever appears inside JSON strings, as for a single item, so it
 * cannot close the data or forge an item. The answer must be a JSON object {@code {"answers":[{"id":"1","answer":
 * ...},...]}}; an answer is what the model would have answered for that item alone (a number or a string for text
 * answers, an object for JSON ones).
 */
public final class BatchPrompt {

    /** Added to the system prompt of a batch. */
    public static final String SYSTEM_SUFFIX = "\nSeveral items may come in one message: the JSON line then holds \"items\", each with an "
            + "\"id\" and its \"data\". Do the task for each item on its own, as if it came alone. Answer with only a JSON object "
            + "{\"answers\":[{\"id\":\"<id>\",\"answer\":<your answer for that item>}]} with one entry per item; an answer that "
            + "would be a JSON object is given as that object, any other as a string or a number.";

    /** Put between the instruction and the items' line. */
    static final String USER_NOTE = "Do this for every item of the data below, each on its own.";

    /** An item's prompt cut where its data starts. */
    public record Split(String instruction, JsonNode data) {
    }

    /** One item of a batch as the stub reads it. */
    public record Item(String id, JsonNode data) {
    }

    private BatchPrompt() {
    }

    /** The instruction and data of a single-item user message, or empty when its last line is not a JSON object. */
    public static Optional<Split> split(String user) {
        if (user == null) {
            return Optional.empty();
        }
        int nl = user.lastIndexOf('\n');
        String last = user.substring(nl + 1).trim();
        if (!last.startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode data = Json.mapper().readTree(last);
            return data != null && data.isObject() ? Optional.of(new Split(nl < 0 ? "" : user.substring(0, nl), data)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * One request for {@code items}, which must share system prompt, instruction and answer form; item {@code i} gets
     * the id {@code i + 1}.
     */
    public static ChatRequest combine(String system, String instruction, boolean jsonAnswers, List<JsonNode> data, int maxTokens) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("answerEach", jsonAnswers ? "json" : "text");
        ArrayNode items = line.putArray("items");
        for (int i = 0; i < data.size(); i++) {
            items.addObject().put("id", Integer.toString(i + 1)).set("data", data.get(i));
        }
        String user = (instruction.isEmpty() ? "" : instruction + "\n") + USER_NOTE + "\n" + line;
        return new ChatRequest((system == null ? "" : system) + SYSTEM_SUFFIX, user, List.of(), true, maxTokens);
    }

    /** The items of a batch's user message, or empty when it is not a batch. */
    public static Optional<List<Item>> items(String user) {
        return split(user).filter(s -> s.data().path("items").isArray() && s.data().has("answerEach")).map(s -> {
            List<Item> out = new ArrayList<>();
            for (JsonNode item : s.data().get("items")) {
                out.add(new Item(item.path("id").asText(), item.path("data")));
            }
            return out;
        });
    }

    /** Whether a batch asks for JSON answers per item. */
    public static boolean jsonAnswers(String user) {
        return split(user).map(s -> "json".equals(s.data().path("answerEach").asText())).orElse(false);
    }

    /** The instruction of a batch's user message, without the batch note: what a single item's message starts with. */
    public static String instruction(String user) {
        String instruction = split(user).map(Split::instruction).orElse("");
        return instruction.endsWith(USER_NOTE) ? instruction.substring(0, Math.max(0, instruction.length() - USER_NOTE.length() - 1))
                : instruction;
    }

    /** The system prompt of a batch without the batch paragraph: a single item's system prompt. */
    public static String singleSystem(String system) {
        return system != null && system.endsWith(SYSTEM_SUFFIX) ? system.substring(0, system.length() - SYSTEM_SUFFIX.length()) : system;
    }

    /** A single item's user message: the instruction, then its data as the last line. */
    public static String singleUser(String instruction, JsonNode data) {
        return (instruction.isEmpty() ? "" : instruction + "\n") + data;
    }

    /** A batch answer from per-item answers (for the stub): text that parses as a JSON object is put as that object. */
    public static String answer(Map<String, String> byId) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode answers = root.putArray("answers");
        byId.forEach((id, text) -> {
            ObjectNode a = answers.addObject().put("id", id);
            JsonNode parsed = null;
            try {
                parsed = text.trim().startsWith("{") ? Json.mapper().readTree(text) : null;
            } catch (IOException e) {
                parsed = null;
            }
            if (parsed != null && parsed.isObject()) {
                a.set("answer", parsed);
            } else {
                a.put("answer", text);
            }
        });
        return root.toString();
    }

    /**
     * The per-item answers of a batch answer, by id, as the text a single call would have answered (objects as
     * JSON). An id that appears twice, or an answer that is null, is left out: that item is then asked again alone.
     *
     * @throws IOException when the answer is not a JSON object with an {@code answers} array
     */
    public static Map<String, String> answers(String text) throws IOException {
        JsonNode root = Json.mapper().readTree(text == null ? "" : text.trim());
        if (root == null || !root.path("answers").isArray()) {
            throw new IOException("expected a JSON object with an 'answers' array");
        }
        Map<String, String> out = new LinkedHashMap<>();
        List<String> twice = new ArrayList<>();
        for (JsonNode a : root.get("answers")) {
            String id = a.path("id").asText(null);
            JsonNode answer = a.get("answer");
            if (id == null || answer == null || answer.isNull()) {
                continue;
            }
            if (out.put(id, answer.isValueNode() ? answer.asText() : answer.toString()) != null) {
                twice.add(id);
            }
        }
        twice.forEach(out::remove);
        return out;
    }
}
