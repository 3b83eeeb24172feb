package io.chorus.community;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.async.CallFailedException;
import io.chorus.async.ModelAnswer;
import io.chorus.async.ModelGateway;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import io.chorus.llm.ModelCallException.Kind;
import io.chorus.model.Profile;
import io.chorus.prompt.PromptTemplate;
import io.chorus.serde.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Community discovery by a chat model ({@code chorus communities --method llm}): one request shows the model a
 * batch of profiles and asks for the communities among them, each with a name, a one-sentence description and a
 * few example bios; the answer becomes {@link OperatorCommunities.Definition}s, which {@link #toSeedsJson} writes in
 * the format of {@value OperatorCommunities#DEFAULT_FILE}, so the stream (and the batch command) assign profiles to
 * them by embedding similarity.
 *
 * <p><b>Prompt:</b> the versioned template {@value #TEMPLATE} ({@link PromptTemplate}); its instructions are fixed,
 * and the profiles are untrusted data in its data line, one JSON object per profile (line breaks flattened), which no
 * bio can close. The batch is capped at {@code maxProfiles} profiles and {@code maxPromptChars} characters of profile
 * data (profiles past either cap are left out; {@link Discovery} says how many were sent), and each field is cut to
 * a fixed length.
 *
 * <p><b>Answer:</b> parsed strictly: a JSON object with a non-empty {@code "communities"} list of at most
 * {@value #MAX_COMMUNITIES} objects, each with a non-blank {@code name} (unique, ignoring case) and
 * {@code description}, and {@code exampleBios} a list of strings if present. Anything else is
 * {@link Kind#UNPARSEABLE_ANSWER}, which the {@link ModelGateway} retries; when its attempts are spent the future
 * fails with a {@link CallFailedException} (reason {@code MODEL_RETRIES_EXHAUSTED}, attempts counted). An example
 * bio that repeats one of the input bios word for word is dropped, so a seeds file never carries a user's real bio.
 * Discovered communities are {@code fixed}: their names stay the labels and their centroids stay those of the
 * model's texts.
 */
public final class LlmCommunityDiscovery {

    /** The gateway {@code use} (metrics tag, retry name). */
    public static final String USE = "community-discovery";
    public static final int DEFAULT_MAX_PROFILES = 200;
    /** About 15k tokens of profiles: fits every current chat model's context with room for the answer. */
    public static final int DEFAULT_MAX_PROMPT_CHARS = 60_000;
    /** More than the prompt asks for (12) is tolerated up to this; past it the answer is refused as not following the task. */
    public static final int MAX_COMMUNITIES = 20;
    /** Answer limit: 12 communities with a sentence and three bios each need about 1,500 tokens. */
    static final int MAX_ANSWER_TOKENS = 4_000;
    static final int MAX_NAME_CHARS = 100;
    private static final int MAX_BIO_CHARS = 400;
    private static final int MAX_SHORT_FIELD_CHARS = 80;

    /** The prompt template's type: {@code community-discovery-v<N>.txt}. */
    public static final String TEMPLATE = "community-discovery";

    /** What the model found, and from how much of the input. */
    public record Discovery(List<OperatorCommunities.Definition> communities, int profilesGiven, int profilesSent,
                            ModelAnswer answer) {
        public Discovery {
            communities = List.copyOf(communities);
        }
    }

    private final ModelGateway gateway;
    private final int maxProfiles;
    private final int maxPromptChars;
    private final PromptTemplate template;

    public LlmCommunityDiscovery(ModelGateway gateway) {
        this(gateway, DEFAULT_MAX_PROFILES, DEFAULT_MAX_PROMPT_CHARS);
    }

    /** With the latest bundled template. */
    public LlmCommunityDiscovery(ModelGateway gateway, int maxProfiles, int maxPromptChars) {
        this(gateway, maxProfiles, maxPromptChars, PromptTemplate.bundled(TEMPLATE));
    }

    public LlmCommunityDiscovery(ModelGateway gateway, int maxProfiles, int maxPromptChars, PromptTemplate template) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.template = Objects.requireNonNull(template, "template");
        if (maxProfiles < 1) {
            throw new IllegalArgumentException("maxProfiles must be positive, got " + maxProfiles);
        }
        if (maxPromptChars < 1_000) {
            throw new IllegalArgumentException("maxPromptChars must be at least 1000, got " + maxPromptChars);
        }
        this.maxProfiles = maxProfiles;
        this.maxPromptChars = maxPromptChars;
    }

    /**
     * Sends one request with the first profiles (within the caps) and completes with the parsed communities, or
     * fails with {@link CallFailedException} once the gateway gives up. Does not block.
     */
    public CompletableFuture<Discovery> discover(List<Profile> profiles) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("no profiles to discover communities from");
        }
        List<Map<String, String>> lines = profileLines(profiles);
        Set<String> inputBios = new HashSet<>();
        profiles.subList(0, lines.size()).forEach(p -> inputBios.add(normalised(p.bio())));
        ChatRequest request = requestOf(lines);
        return gateway.submit(USE, request, answer -> parse(answer.text(), inputBios))
                .thenApply(done -> new Discovery(done.output(), profiles.size(), lines.size(), done.answer()));
    }

    /** The request {@link #discover} sends for these profiles. */
    public ChatRequest request(List<Profile> profiles) {
        return requestOf(profileLines(profiles));
    }

    private ChatRequest requestOf(List<Map<String, String>> profiles) {
        PromptTemplate.Rendered prompt = template.render(Map.of(), Map.of("profiles", profiles));
        return new ChatRequest(prompt.system(), prompt.user(), List.of(), true, MAX_ANSWER_TOKENS);
    }

    /** The data object of each profile, in order, while both caps allow (always at least the first profile). */
    private List<Map<String, String>> profileLines(List<Profile> profiles) {
        List<Map<String, String>> lines = new ArrayList<>();
        int chars = 0;
        for (Profile profile : profiles) {
            Map<String, String> line = line(profile);
            int length = PromptTemplate.dataLine(line).length();
            if (lines.size() == maxProfiles || (!lines.isEmpty() && chars + length + 1 > maxPromptChars)) {
                break;
            }
            lines.add(line);
            chars += length + 1;
        }
        return lines;
    }

    private static Map<String, String> line(Profile p) {
        Map<String, String> fields = new LinkedHashMap<>(4);
        field(fields, "name", p.name(), MAX_SHORT_FIELD_CHARS);
        field(fields, "handle", p.handle(), MAX_SHORT_FIELD_CHARS);
        field(fields, "location", p.location(), MAX_SHORT_FIELD_CHARS);
        field(fields, "bio", p.bio(), MAX_BIO_CHARS);
        return fields;
    }

    private static void field(Map<String, String> fields, String key, String value, int maxChars) {
        if (value == null || value.isBlank()) {
            return;
        }
        String flat = value.replaceAll("\\s+", " ").strip();
        if (flat.length() > maxChars) {
            flat = flat.substring(0, maxChars) + "…";
        }
        fields.put(key, flat);
    }

    /**
     * Parses an answer strictly (see the class comment).
     *
     * @param inputBios normalised bios that were sent ({@link #normalised}); example bios equal to one are dropped
     * @throws ModelCallException {@link Kind#UNPARSEABLE_ANSWER} naming what was wrong
     */
    static List<OperatorCommunities.Definition> parse(String answer, Set<String> inputBios) throws ModelCallException {
        JsonNode root;
        try {
            root = answer == null ? null : Json.mapper().readTree(answer);
        } catch (JsonProcessingException e) {
            throw unparseable("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw unparseable("expected a JSON object {\"communities\": [...]}");
        }
        JsonNode list = root.get("communities");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw unparseable("\"communities\" must be a non-empty list");
        }
        if (list.size() > MAX_COMMUNITIES) {
            throw unparseable(list.size() + " communities; at most " + MAX_COMMUNITIES + " are accepted");
        }
        List<OperatorCommunities.Definition> definitions = new ArrayList<>(list.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "community " + (i + 1);
            JsonNode entry = list.get(i);
            if (!entry.isObject()) {
                throw unparseable(where + " is not an object");
            }
            String name = requiredText(entry, "name", where);
            if (name.length() > MAX_NAME_CHARS) {
                throw unparseable(where + ": name longer than " + MAX_NAME_CHARS + " characters");
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw unparseable(where + ": the name \"" + name + "\" is used twice");
            }
            String description = requiredText(entry, "description", where);
            definitions.add(new OperatorCommunities.Definition(name, description, exampleBios(entry, where, inputBios), true));
        }
        return definitions;
    }

    private static String requiredText(JsonNode entry, String key, String where) throws ModelCallException {
        JsonNode node = entry.get(key);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw unparseable(where + " needs a non-blank string \"" + key + "\"");
        }
        return node.asText().strip();
    }

    private static List<String> exampleBios(JsonNode entry, String where, Set<String> inputBios) throws ModelCallException {
        JsonNode node = entry.get("exampleBios");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw unparseable(where + ": \"exampleBios\" must be a list of strings");
        }
        List<String> bios = new ArrayList<>();
        for (JsonNode bio : node) {
            if (!bio.isTextual()) {
                throw unparseable(where + ": \"exampleBios\" must be a list of strings");
            }
            String text = bio.asText().strip();
            if (!text.isEmpty() && !inputBios.contains(normalised(text))) {
                bios.add(text);
            }
        }
        return bios;
    }

    static String normalised(String bio) {
        return bio == null ? "" : bio.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }

    private static ModelCallException unparseable(String problem) {
        return new ModelCallException(Kind.UNPARSEABLE_ANSWER, "community discovery answer: " + problem);
    }

    /** The definitions as a seeds file ({@link OperatorCommunities#load} reads it back), with a comment saying where they came from. */
    public static String toSeedsJson(List<OperatorCommunities.Definition> definitions, String comment) {
        ObjectNode root = Json.mapper().createObjectNode();
        if (comment != null) {
            root.put("_comment", comment);
        }
        ArrayNode list = root.putArray("communities");
        for (OperatorCommunities.Definition d : definitions) {
            ObjectNode entry = list.addObject().put("name", d.name()).put("description", d.description());
            d.exampleBios().forEach(entry.putArray("exampleBios")::add);
            entry.put("fixed", d.fixed());
        }
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** Writes {@link #toSeedsJson} to {@code file} (replacing it). */
    public static void writeSeeds(Path file, List<OperatorCommunities.Definition> definitions, String comment) throws IOException {
        Files.writeString(file, toSeedsJson(definitions, comment), StandardCharsets.UTF_8);
    }
}
