package io.chorus.llm.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One chat-completion request as {@link StubLlmServer} received it, parsed from the OpenAI wire format, so tests
 * can check what the real client put on the wire (not what a mock was told).
 *
 * @param model          the {@code model} field, or null
 * @param messages       the {@code messages}, in order
 * @param responseFormat {@code response_format.type} ({@code json_object}, {@code json_schema}, {@code text}), or null
 * @param maxTokens      {@code max_tokens} (or {@code max_completion_tokens}), or null
 * @param temperature    {@code temperature}, or null
 * @param seed           {@code seed}, or null
 * @param authorization  the {@code Authorization} header as sent (e.g. {@code Bearer sk-...}), or null
 * @param rawBody        the body as received
 */
public record StubRequest(String model, List<Message> messages, String responseFormat, Integer maxTokens,
                          Double temperature, Integer seed, String authorization, String rawBody) {

    /**
     * One message; {@code content} given as a string or as an array of parts is flattened into text and image URLs.
     *
     * @param role      {@code system}, {@code user}, {@code assistant}, ...
     * @param text      the text parts joined with newlines ("" when there are none)
     * @param imageUrls the {@code image_url.url} of every image part
     */
    public record Message(String role, String text, List<String> imageUrls) {
        public Message {
            text = text == null ? "" : text;
            imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
        }
    }

    public StubRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /** The system messages' text joined with newlines, or null when there is none. */
    public String system() {
        return textOf("system");
    }

    /** The user messages' text joined with newlines, or null when there is none. */
    public String user() {
        return textOf("user");
    }

    /** Image URLs of all user messages, in order. */
    public List<String> imageUrls() {
        return messages.stream().filter(m -> "user".equals(m.role())).flatMap(m -> m.imageUrls().stream()).toList();
    }

    /** Whether the client asked for a JSON answer ({@code json_object} or {@code json_schema}). */
    public boolean jsonMode() {
        return "json_object".equals(responseFormat) || "json_schema".equals(responseFormat);
    }

    private String textOf(String role) {
        List<String> texts = messages.stream().filter(m -> role.equals(m.role())).map(Message::text).toList();
        return texts.isEmpty() ? null : texts.stream().collect(Collectors.joining("\n"));
    }

    /**
     * Parses a chat-completion request body.
     *
     * @throws IOException when the body is not JSON or has no {@code messages} array
     */
    static StubRequest parse(ObjectMapper mapper, String body, String authorization) throws IOException {
        JsonNode root = mapper.readTree(body);
        if (root == null || !root.isObject() || !root.path("messages").isArray()) {
            throw new IOException("expected a JSON object with a 'messages' array");
        }
        List<Message> messages = new ArrayList<>();
        for (JsonNode message : root.get("messages")) {
            messages.add(parseMessage(message));
        }
        JsonNode maxTokens = root.has("max_tokens") ? root.get("max_tokens") : root.get("max_completion_tokens");
        return new StubRequest(
                textOrNull(root.get("model")),
                messages,
                textOrNull(root.path("response_format").get("type")),
                maxTokens != null && maxTokens.canConvertToInt() ? maxTokens.intValue() : null,
                root.path("temperature").isNumber() ? root.get("temperature").doubleValue() : null,
                root.path("seed").canConvertToInt() && root.path("seed").isNumber() ? root.get("seed").intValue() : null,
                authorization,
                body);
    }

    private static Message parseMessage(JsonNode message) {
        JsonNode content = message.get("content");
        List<String> texts = new ArrayList<>();
        List<String> images = new ArrayList<>();
        if (content != null && content.isTextual()) {
            texts.add(content.asText());
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                String type = part.path("type").asText();
                if ("text".equals(type)) {
                    texts.add(part.path("text").asText());
                } else if ("image_url".equals(type)) {
                    images.add(part.path("image_url").path("url").asText());
                }
            }
        }
        return new Message(textOrNull(message.get("role")), String.join("\n", texts), images);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
