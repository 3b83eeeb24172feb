package io.chorus.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.app.SampleFeed;
import io.chorus.config.ChorusConfig;
import io.chorus.config.TopicId;
import io.chorus.model.Audience;
import io.chorus.model.BehaviorProfile;
import io.chorus.model.CachedResponse;
import io.chorus.model.Campaign;
import io.chorus.model.CampaignOutcome;
import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.ContentType;
import io.chorus.model.EnrichedPost;
import io.chorus.model.GeneratedContent;
import io.chorus.model.ImageRef;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.model.ScoredPost;
import io.chorus.model.SentimentLabel;
import io.chorus.model.SentimentAlert;
import io.chorus.model.SentimentStats;
import io.chorus.model.TrendReport;
import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import io.chorus.serde.Json;
import io.chorus.serde.JsonSchemaCheck;
import io.chorus.serde.JsonSerde;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that the JSON Schemas in {@code topics/} are the contract: every sample record conforms to its input topic's
 * schema and every kind of output Chorus writes conforms to its output topic's schema, the stream's input serdes refuse
 * what a schema refuses (with the field and rule named), the configured limits are the numbers the schemas enforce,
 * and the numbers written in the files are those settings' defaults.
 */
class TopicSchemasTest {

    private static final Instant T = Instant.parse("2026-11-01T08:00:00Z");
    private static final TopicSchemas DEFAULTS = TopicSchemas.defaults();

    @TempDir
    Path tmp;

    // ---- samples -------------------------------------------------------------------------------------------------

    static Stream<Arguments> sampleFiles() {
        return Stream.of(Arguments.of(SampleFeed.POSTS, TopicId.POSTS), Arguments.of(SampleFeed.PROFILES, TopicId.PROFILES),
                Arguments.of(SampleFeed.FOLLOWS, TopicId.FOLLOWS), Arguments.of(SampleFeed.CAMPAIGNS, TopicId.CAMPAIGNS));
    }

    /** The sample feed's posts named {@code p-bad-*} are bad on purpose (the demo's dead letters); every other line conforms. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleFiles")
    void everySampleRecordConformsToItsTopicSchema(String file, TopicId topic) throws IOException {
        List<String> lines = sampleLines(file);
        assertThat(lines).isNotEmpty();
        JsonSchemaCheck schema = DEFAULTS.check(topic);
        int checked = 0;
        for (String line : lines) {
            if (line.contains("p-bad-")) {
                continue;
            }
            assertThat(schema.violations(utf8(line))).as("%s: %s", file, line).isEmpty();
            checked++;
        }
        assertThat(checked).isGreaterThan(0);
    }

    @Test
    void theDeliberatelyBadSamplePostsAreRefusedByTheStreamsSerdeEachWithItsReason() throws IOException {
        Deserializer<Post> posts = Topics.from(new ChorusConfig(Map.of())).posts.valueSerde().deserializer();
        List<String> bad = sampleLines(SampleFeed.POSTS).stream().filter(l -> l.contains("p-bad-")).toList();
        assertThat(bad).hasSize(8);
        List<ErrorReason> reasons = new ArrayList<>();
        for (String line : bad) {
            try {
                posts.deserialize("social.posts", utf8(line));
            } catch (InvalidRecordException e) {
                reasons.add(e.reason());
            }
        }
        assertThat(reasons).as("every bad sample post is refused").hasSize(8)
                .contains(ErrorReason.MALFORMED_JSON, ErrorReason.MISSING_FIELD, ErrorReason.WRONG_TYPE,
                        ErrorReason.UNSUPPORTED_SCHEMA_VERSION, ErrorReason.TOO_LARGE, ErrorReason.NOT_AN_OBJECT);
    }

    // ---- outputs -------------------------------------------------------------------------------------------------

    static Stream<Arguments> outputs() {
        Post post = new Post(1, "p-1", "u-1", "Loving the new bus line 😀 #transit", T, "en",
                List.of(new ImageRef("https://img.example.org/1.jpg", "a red bus at dawn")), "p-0");
        ScoredPost scored = new ScoredPost(1, "p-1", "u-1", post, 81.5, SentimentLabel.POSITIVE, "ngram", T.plusSeconds(1),
                Map.of("joy", 72.0, "anger", 3.0), 0.91, null);
        ScoredPost unscored = new ScoredPost(1, "p-2", "u-1", new Post(1, "p-2", "u-1", "Hola a todos", T, "es", List.of(), null),
                50.0, SentimentLabel.UNSCORED, "ngram", T.plusSeconds(1), null, null, "language es is not supported by ngram");
        Profile profile = new Profile(1, "u-1", "Maya", "@maya", "Commuter and parent", "Austin, TX", "https://img.example.org/u-1.jpg");
        GeneratedContent reply = new GeneratedContent(1, "r-1", "p-1", "u-1", "c-2", "camp-1", ContentType.REPLY,
                "The express line would cut that drive in half. [AI-generated for Transit Now]", "commute", "they complain about traffic",
                "gpt-4o-mini", "reply-v2", false, 840, 412, 38, 0.00009, false, 71.5, T.plusSeconds(3));
        GeneratedContent caption = new GeneratedContent(1, "r-2", "p-1", "u-1", "c-2", "camp-2", ContentType.CAPTION,
                "Dawn on the 42 [AI-generated]", null, null, "offline", "caption-v1", true, 0, 0, 0, 0.0, false, null, T.plusSeconds(3));
        SentimentAlert.Evidence evidence = new SentimentAlert.Evidence(T, T.plusSeconds(3600), 40, 31.5, 64.0, 4.2, -7.7, List.of("p-1", "p-7"));
        BehaviorProfile behavior = new BehaviorProfile(1, "u-1", 3, Map.of("anxiety", 64.0, "optimism", 22.0),
                Map.of("anxiety", "worries about the commute in 4 of 6 posts", "optimism", "rarely hopeful"),
                new BehaviorProfile.ValenceStats(6, 41.2, 12.5, 20.0, 81.5, "ngram"), 0.75, "c-2", List.of("p-0", "p-1"),
                "gpt-4o-mini", "behavior-v1", false, null, T.plusSeconds(60),
                new BehaviorProfile.Previous(2, Map.of("anxiety", 51.0), 45.0, T.minusSeconds(3600)));
        BehaviorProfile offline = new BehaviorProfile(1, "u-2", 1, Map.of(), Map.of(),
                new BehaviorProfile.ValenceStats(0, null, null, null, null, null), null, null, List.of(), "offline", null, true,
                "valence statistics only", T, null);
        return Stream.of(
                Arguments.of(TopicId.SCORED, "scored post", scored),
                Arguments.of(TopicId.SCORED, "unscored post", unscored),
                Arguments.of(TopicId.ENRICHED, "enriched post", new EnrichedPost(1, "p-1", "u-1", scored, "c-2", "commuters", 0.82, profile)),
                Arguments.of(TopicId.ENRICHED, "enriched post, author unassigned", new EnrichedPost(1, "p-2", "u-1", unscored, null, null, null, null)),
                Arguments.of(TopicId.REPLIES, "reply", reply),
                Arguments.of(TopicId.CAPTIONS, "caption", caption),
                Arguments.of(TopicId.COMMUNITIES, "community", new Community(1, "c-2", "commuters", "people who ride to work",
                        List.of("bus", "traffic"), 12, "local", T)),
                Arguments.of(TopicId.ASSIGNMENTS, "assignment", new CommunityAssignment(1, "u-1", "c-2", "commuters", 0.82, "local", T)),
                Arguments.of(TopicId.STATS, "window stats", new SentimentStats(1, "c-2", "commuters", T, T.plusSeconds(60), 3, 190.5, 2, 0, 1)),
                Arguments.of(TopicId.BEHAVIOR, "behavior profile", behavior),
                Arguments.of(TopicId.BEHAVIOR, "offline behavior profile", offline),
                Arguments.of(TopicId.ALERTS, "alert", new SentimentAlert(1, "c-2@" + T.toEpochMilli(), "c-2", "commuters",
                        SentimentAlert.Status.OPEN, SentimentAlert.Direction.NEGATIVE, T, 1, evidence, evidence, "mean 31.5 against 64.0")),
                Arguments.of(TopicId.TRENDS, "trend report", new TrendReport(1, "c-2", "commuters", T, T.plusSeconds(3600), 40,
                        List.of(new TrendReport.Term("#transit", TrendReport.Kind.HASHTAG, 12, 0, 0.4, 9.3),
                                new TrendReport.Term("bus", TrendReport.Kind.WORD, 9, 1, 1.2, 3.1)))),
                Arguments.of(TopicId.OUTCOMES, "campaign outcome", new CampaignOutcome(1, "camp-1", "reply-v2/gpt-4o-mini", 3, 150.0, 1, 1, 1)),
                Arguments.of(TopicId.LLM_CACHE, "cached answer", new CachedResponse(1, "9f2c", "gpt-4o-mini", "{\"score\":81}", 120, 8, T)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("outputs")
    <T> void everyKindOfOutputConformsToItsTopicSchema(TopicId topic, String what, T value) {
        @SuppressWarnings("unchecked")
        JsonSerde<T> serde = JsonSerde.of((Class<T>) value.getClass());
        byte[] json = serde.toBytes(value);
        assertThat(DEFAULTS.check(topic).violations(json)).as("%s on %s", what, topic).isEmpty();
        List<String> undocumented = new ArrayList<>();
        JsonNode schema = DEFAULTS.schema(topic);
        undocumented(readTree(json), schema, schema, "", undocumented);
        assertThat(undocumented).as("fields of a %s that the %s schema does not describe", what, topic).isEmpty();
    }

    /** Fields of {@code value} missing from the {@code properties} of the schema node that describes it (local $refs followed). */
    private static void undocumented(JsonNode value, JsonNode schema, JsonNode root, String path, List<String> out) {
        while (schema != null && schema.has("$ref")) {
            schema = root.at(schema.get("$ref").asText().substring(1));
        }
        if (schema == null || !value.isContainerNode()) {
            return;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                undocumented(value.get(i), schema.get("items"), root, path + "[" + i + "]", out);
            }
            return;
        }
        JsonNode properties = schema.get("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode described = properties == null ? null : properties.get(field.getKey());
            if (described == null) {
                described = schema.get("additionalProperties");
            }
            if (described == null || described.isBoolean()) {
                if (properties != null || described == null && !schema.has("additionalProperties")) {
                    out.add(at);
                }
                continue;
            }
            undocumented(field.getValue(), described, root, at, out);
        }
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyOutputTopicWithRecordsOfItsOwnIsCovered() {
        List<TopicId> covered = outputs().map(a -> (TopicId) a.get()[0]).distinct().toList();
        List<TopicId> expected = Stream.of(TopicId.values())
                .filter(t -> t.role() != TopicId.Role.INPUT && t != TopicId.DLQ) // dead letters carry the original bytes
                .toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(expected);
    }

    // ---- hostile input at the edge ------------------------------------------------------------------------------

    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of(TopicId.POSTS, "{\"schemaVersion\":1,\"authorId\":\"u\",\"text\":\"t\"}", ErrorReason.MISSING_FIELD, "id: required"),
                Arguments.of(TopicId.POSTS, "{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":null,\"text\":\"t\"}", ErrorReason.MISSING_FIELD, "authorId: type"),
                Arguments.of(TopicId.POSTS, "{\"schemaVersion\":1,\"id\":\" \\t\",\"authorId\":\"u\",\"text\":\"t\"}", ErrorReason.MISSING_FIELD, "id: pattern"),
                Arguments.of(TopicId.POSTS, "{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":42}", ErrorReason.WRONG_TYPE, "text: type"),
                Arguments.of(TopicId.POSTS, "{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"t\",\"createdAt\":42}", ErrorReason.WRONG_TYPE, "createdAt: type"),
                Arguments.of(TopicId.POSTS, "{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"t\",\"createdAt\":\"2024-02-30T00:00:00Z\"}",
                        ErrorReason.WRONG_TYPE, "createdAt: format"),
                Arguments.of(TopicId.POSTS, "{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"t\",\"images\":[{\"url\":7}]}",
                        ErrorReason.WRONG_TYPE, "images[0].url: type"),
                Arguments.of(TopicId.POSTS, "{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"t\",\"images\":\"x\"}",
                        ErrorReason.WRONG_TYPE, "images: type array or null"),
                Arguments.of(TopicId.PROFILES, "{\"schemaVersion\":1,\"name\":\"Ada\"}", ErrorReason.MISSING_FIELD, "userId: required"),
                Arguments.of(TopicId.PROFILES, "{\"schemaVersion\":1,\"userId\":\"u\",\"bio\":[\"a\"]}", ErrorReason.WRONG_TYPE, "bio: type"),
                Arguments.of(TopicId.FOLLOWS, "{\"schemaVersion\":1,\"followerId\":\"u\"}", ErrorReason.MISSING_FIELD, "followed: required"),
                Arguments.of(TopicId.FOLLOWS, "{\"schemaVersion\":1,\"followerId\":\"u\",\"followed\":{\"schemaVersion\":1,\"userId\":\"\"}}",
                        ErrorReason.MISSING_FIELD, "followed.userId: minLength"),
                Arguments.of(TopicId.CAMPAIGNS, "{\"schemaVersion\":1,\"id\":\"c\",\"topic\":\"buses\",\"contentType\":\"essay\"}",
                        ErrorReason.WRONG_TYPE, "contentType: enum"),
                Arguments.of(TopicId.CAMPAIGNS, "{\"schemaVersion\":1,\"id\":\"c\",\"topic\":\"buses\",\"contentType\":\"reply\",\"targetSentiment\":101}",
                        ErrorReason.OUT_OF_RANGE, "targetSentiment: maximum 100"),
                Arguments.of(TopicId.CAMPAIGNS, "{\"schemaVersion\":1,\"id\":\"c\",\"topic\":\"buses\",\"contentType\":\"reply\","
                        + "\"audience\":{\"minFeatures\":{\"anxiety\":\"high\"}}}", ErrorReason.WRONG_TYPE, "audience.minFeatures.anxiety: type"));
    }

    @ParameterizedTest(name = "{0} {2}: {1}")
    @MethodSource("hostile")
    void theStreamsInputSerdesRefuseWhatTheSchemaRefusesNamingFieldAndRule(TopicId topic, String json, ErrorReason reason, String violation) {
        Deserializer<?> serde = inputSerde(Topics.from(new ChorusConfig(Map.of())), topic);
        assertThatThrownBy(() -> serde.deserialize("t", utf8(json)))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.violation()).startsWith(violation);
                    assertThat(e.getMessage()).contains(topicName(topic) + " schema");
                });
    }

    @Test
    void unknownFieldsAreAllowedForForwardCompatibility() {
        Deserializer<Post> posts = Topics.from(new ChorusConfig(Map.of())).posts.valueSerde().deserializer();
        Post post = posts.deserialize("t", utf8("{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"hi\",\"poll\":{\"options\":[1,2]}}"));
        assertThat(post.text()).isEqualTo("hi");
    }

    @Test
    void theConfiguredTextLimitIsTheMaxLengthTheSchemaEnforces() {
        Topics topics = Topics.from(new ChorusConfig(Map.of(ChorusConfig.INPUT_MAX_TEXT_CHARS, 50)));
        Deserializer<Post> posts = topics.posts.valueSerde().deserializer();
        assertThat(posts.deserialize("t", utf8(post("x".repeat(50)))).text()).hasSize(50);
        assertThat(posts.deserialize("t", utf8(post("😀".repeat(50)))).text()).as("lengths count code points, as JSON Schema does")
                .hasSize(100);
        assertThatThrownBy(() -> posts.deserialize("t", utf8(post("x".repeat(51)))))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ErrorReason.TOO_LARGE);
                    assertThat(e.violation()).isEqualTo("text: maxLength 50 (input.max.text.chars)");
                    assertThat(e.getMessage()).contains("(has 51)");
                });
        Deserializer<Profile> profiles = topics.profiles.valueSerde().deserializer();
        assertThatThrownBy(() -> profiles.deserialize("t", utf8("{\"schemaVersion\":1,\"userId\":\"u\",\"bio\":\"" + "b".repeat(51) + "\"}")))
                .isInstanceOfSatisfying(InvalidRecordException.class, e ->
                        assertThat(e.violation()).isEqualTo("bio: maxLength 50 (input.max.text.chars)"));
    }

    @Test
    void theConfiguredFieldLimitCapsTheShortFieldsOfEveryInput() {
        Topics topics = Topics.from(new ChorusConfig(Map.of(ChorusConfig.INPUT_MAX_FIELD_CHARS, 8)));
        String nine = "n".repeat(9);
        Map<TopicId, String> tooLong = Map.of(
                TopicId.POSTS, "{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"t\",\"images\":[{\"url\":\"" + nine + "\"}]}",
                TopicId.PROFILES, "{\"schemaVersion\":1,\"userId\":\"u\",\"handle\":\"" + nine + "\"}",
                TopicId.FOLLOWS, "{\"schemaVersion\":1,\"followerId\":\"" + nine + "\",\"followed\":{\"schemaVersion\":1,\"userId\":\"a\"}}");
        Map<TopicId, String> paths = Map.of(TopicId.POSTS, "images[0].url", TopicId.PROFILES, "handle", TopicId.FOLLOWS, "followerId");
        tooLong.forEach((topic, json) -> assertThatThrownBy(() -> inputSerde(topics, topic).deserialize("t", utf8(json)))
                .as(topic.id())
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ErrorReason.TOO_LARGE);
                    assertThat(e.violation()).isEqualTo(paths.get(topic) + ": maxLength 8 (input.max.field.chars)");
                }));
    }

    /**
     * The schema's non-blank rule is the one Java's {@code String.isBlank} applies: for every character up to U+30FF
     * (every whitespace character lies below U+3001) and the other invisible ones feeds carry.
     */
    @Test
    void anIdIsBlankForTheSchemaExactlyWhenJavaCallsItBlank() {
        JsonSchemaCheck profiles = DEFAULTS.check(TopicId.PROFILES);
        List<String> disagreements = new ArrayList<>();
        List<Character> chars = new ArrayList<>();
        for (char c = 0; c < 0x3100; c++) {
            chars.add(c);
        }
        chars.addAll(List.of('\u3164', '\uFEFF', '\uFFA0', '\uFFFD'));
        for (char c : chars) {
            String id = String.valueOf(c);
            ObjectNode record = Json.mapper().createObjectNode().put("schemaVersion", 1).put("userId", id);
            boolean refused = !profiles.violations(bytes(record)).isEmpty();
            if (refused != id.isBlank()) {
                disagreements.add(String.format("U+%04X", (int) c));
            }
        }
        assertThat(disagreements).isEmpty();
    }

    // ---- the files -------------------------------------------------------------------------------------------------

    /** One number per limit: what a spec file writes where a setting applies is that setting's default. */
    @Test
    void everyLimitWrittenInASpecIsItsSettingsDefault() {
        Map<String, Object> defaults = ChorusConfig.definition().defaultValues();
        List<String> marked = new ArrayList<>();
        TopicSpecs specs = TopicSpecs.load(null);
        for (TopicId id : TopicId.values()) {
            forEachObject(specs.get(id).valueSchema(), node -> {
                JsonNode limit = node.get(JsonSchemaCheck.LIMIT_KEYWORD);
                if (limit != null) {
                    marked.add(id.id() + ":" + limit.asText());
                    assertThat(node.get("maxLength").asInt()).as("%s: maxLength under %s", id, limit).isEqualTo(defaults.get(limit.asText()));
                }
            });
        }
        assertThat(marked).contains("posts:" + ChorusConfig.INPUT_MAX_TEXT_CHARS, "posts:" + ChorusConfig.INPUT_MAX_FIELD_CHARS,
                "profiles:" + ChorusConfig.INPUT_MAX_TEXT_CHARS, "follows:" + ChorusConfig.INPUT_MAX_FIELD_CHARS,
                "scored:" + ChorusConfig.INPUT_MAX_TEXT_CHARS);
    }

    @Test
    void aLimitMarkerThatNamesNoIntegerSettingIsRefusedNamingTheFileAndPlace() throws IOException {
        TopicSpec posts = TopicSpecs.load(null).get(TopicId.POSTS);
        ObjectNode schema = posts.valueSchema().deepCopy();
        ((ObjectNode) schema.at("/properties/text")).put(JsonSchemaCheck.LIMIT_KEYWORD, "input.max.txt.chars");
        TopicSpecs bent = specsWith(TopicId.POSTS, new TopicSpec(posts.id(), posts.name(), posts.description(), posts.keyField(),
                posts.partitions(), posts.cleanupPolicy(), posts.retentionMs(), schema, posts.timestampType()));
        assertThatThrownBy(() -> TopicSchemas.of(bent, new ChorusConfig(Map.of())).check(TopicId.POSTS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("social.posts.json").hasMessageContaining("/properties/text").hasMessageContaining("input.max.txt.chars");
    }

    @Test
    void eachTopicsSchemaIsCompiledOnceAndShared() {
        TopicSchemas schemas = TopicSchemas.from(new ChorusConfig(Map.of()));
        assertThat(schemas.check(TopicId.POSTS)).isSameAs(schemas.check(TopicId.POSTS));
    }

    /** One compiled schema serves every stream thread: the same records get the same verdicts from four threads at once. */
    @Test
    void oneCompiledSchemaGivesTheSameVerdictsToConcurrentThreads() throws Exception {
        JsonSchemaCheck posts = TopicSchemas.from(new ChorusConfig(Map.of())).check(TopicId.POSTS);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            records.add(utf8(switch (i % 4) {
                case 0 -> post("fine " + i);
                case 1 -> "{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":" + i + ",\"text\":\"t\"}";
                case 2 -> "{\"schemaVersion\":1,\"id\":\" \",\"authorId\":\"u\",\"text\":\"t\",\"images\":[{\"url\":" + i + "}]}";
                default -> post("x".repeat(10_000 + i));
            }));
        }
        List<String> expected = records.stream().map(r -> posts.violations(r).toString()).toList();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> records.stream().map(r -> posts.violations(r).toString()).toList()));
            }
            for (var result : results) {
                assertThat(result.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected).filteredOn(v -> !v.equals("[]")).hasSize(300);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static Deserializer<?> inputSerde(Topics topics, TopicId topic) {
        return switch (topic) {
            case POSTS -> topics.posts.valueSerde().deserializer();
            case PROFILES -> topics.profiles.valueSerde().deserializer();
            case FOLLOWS -> topics.follows.valueSerde().deserializer();
            case CAMPAIGNS -> topics.campaigns.valueSerde().deserializer();
            default -> throw new IllegalArgumentException(topic + " is not an input");
        };
    }

    private static String topicName(TopicId topic) {
        return topic.defaultName();
    }

    private static String post(String text) {
        return "{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"" + text + "\"}";
    }

    private static List<String> sampleLines(String file) throws IOException {
        try (BufferedReader reader = SampleFeed.open(file)) {
            return reader.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static void forEachObject(JsonNode node, java.util.function.Consumer<JsonNode> action) {
        if (node.isObject()) {
            action.accept(node);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            forEachObject(it.next(), action);
        }
    }

    /** The bundled specs with one replaced, written to a directory as {@code topics.dir} would hold them. */
    private TopicSpecs specsWith(TopicId id, TopicSpec spec) throws IOException {
        TopicSpecs bundled = TopicSpecs.load(null);
        for (TopicId t : TopicId.values()) {
            Files.write(tmp.resolve(t.defaultName() + ".json"), Json.mapper().writeValueAsBytes(t == id ? spec : bundled.get(t)));
        }
        return TopicSpecs.load(tmp.toString());
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
