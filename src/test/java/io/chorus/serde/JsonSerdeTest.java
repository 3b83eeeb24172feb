package io.chorus.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.config.ChorusConfig;
import io.chorus.model.Audience;
import io.chorus.model.Campaign;
import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.ContentType;
import io.chorus.model.GeneratedContent;
import io.chorus.model.ImageRef;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.model.ScoredPost;
import io.chorus.model.SentimentLabel;
import io.chorus.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Proves every record type survives a JSON round trip and every kind of bad input fails with its reason. */
class JsonSerdeTest {

    private static final Instant T = Instant.parse("2026-11-01T08:00:00Z");
    private static final Post POST = new Post(1, "p-1", "u-1", "Loving this 😀", T, "en",
            List.of(new ImageRef("https://img.example.org/1.jpg", "a dog")), null);

    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of(Post.class, POST),
                Arguments.of(Profile.class, new Profile(1, "u-1", "Maya", "@maya", "Gamer and streamer", "Austin", null)),
                Arguments.of(Campaign.class, new Campaign(1, "c-1", "public transit", "support buses", ContentType.REPLY,
                        new Audience(List.of("commuters"), 0.0, 45.0, List.of("traffic"), List.of("en")),
                        List.of("Buses rock!"), 70.0, 1, "[AI-generated]", T, T.plusSeconds(3600), true)),
                Arguments.of(ScoredPost.class, new ScoredPost(1, "p-1", "u-1", POST, 81.5, SentimentLabel.POSITIVE, "vader-lexicon", T)),
                Arguments.of(Community.class, new Community(1, "c-1", "gamers", "people who play", List.of("game", "stream"), 12, "local", T)),
                Arguments.of(CommunityAssignment.class, new CommunityAssignment(1, "u-1", "c-1", "gamers", 0.82, "local", T)),
                Arguments.of(GeneratedContent.class, new GeneratedContent(1, "r-1", "p-1", "u-1", "c-1", "camp-1", ContentType.CAPTION,
                        "A dog on a beach [AI]", "beach", "dogs matter to them", "gpt-4o-mini", "caption-v1", false, 120, 50, 20, 0.0001, true, 71.5, T)),
                Arguments.of(GeneratedContent.class, new GeneratedContent(1, "r-2", "p-2", "u-1", "c-1", "camp-2", ContentType.IMAGE_POST,
                        "Buses every 10 min [AI]", "time", null, "offline-template", "offline-v2", true, 0, 0, 0, 0.0, false, 60.0, T,
                        new io.chorus.model.MediaRef("a".repeat(64), "image/png", 12345, 800, 800, null, "offline-content-card",
                                "Buses every 10 min [AI]", "[AI]", true, false, T))),
                Arguments.of(io.chorus.model.SentimentAlert.class, new io.chorus.model.SentimentAlert(1, "c-1@0", "c-1", "gamers",
                        io.chorus.model.SentimentAlert.Status.OPEN, io.chorus.model.SentimentAlert.Direction.NEGATIVE, T, 1,
                        new io.chorus.model.SentimentAlert.Evidence(T, T.plusSeconds(3600), 40, 31.5, 64.0, 4.2, -7.7, List.of("p-1")),
                        new io.chorus.model.SentimentAlert.Evidence(T, T.plusSeconds(3600), 40, 31.5, 64.0, 4.2, -7.7, List.of("p-1")),
                        "mean 31.5 against 64.0")),
                Arguments.of(io.chorus.model.TrendReport.class, new io.chorus.model.TrendReport(1, "c-1", "gamers", T, T.plusSeconds(3600), 40,
                        List.of(new io.chorus.model.TrendReport.Term("#launch", io.chorus.model.TrendReport.Kind.HASHTAG, 12, 0, 0.4, 9.3)))),
                Arguments.of(io.chorus.model.CampaignOutcome.class, new io.chorus.model.CampaignOutcome(1, "camp-1", "reply-v2/offline", 3, 150.0, 1, 1, 1)),
                Arguments.of(io.chorus.model.Follow.class, new io.chorus.model.Follow(1, "u-1", new Profile(1, "a-1", "City Buses", "@buses", "News", "City", null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    <T> void roundTripsEveryRecordType(Class<T> type, T value) {
        JsonSerde<T> serde = JsonSerde.of(type);
        byte[] bytes = serde.serializer().serialize("t", value);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(value);
    }

    @Test
    void mapsNullToNullBothWays() {
        JsonSerde<Post> serde = JsonSerde.of(Post.class);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void ignoresUnknownFields() {
        Post post = posts().fromBytes(bytes("{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"hi\",\"future\":{\"x\":1}}"));
        assertThat(post.text()).isEqualTo("hi");
        assertThat(post.images()).isEmpty();
    }

    static Stream<Arguments> badPosts() {
        return Stream.of(
                Arguments.of("{\"schemaVersion\":1,\"id\":\"p\",", ErrorReason.MALFORMED_JSON),
                Arguments.of("this is not json", ErrorReason.MALFORMED_JSON),
                Arguments.of("[1,2,3]", ErrorReason.NOT_AN_OBJECT),
                Arguments.of("{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\"}", ErrorReason.MISSING_FIELD),
                Arguments.of("{\"schemaVersion\":1,\"id\":\"p\",\"text\":\"hi\"}", ErrorReason.MISSING_FIELD),
                Arguments.of("{\"id\":\"p\",\"authorId\":\"u\",\"text\":\"hi\"}", ErrorReason.MISSING_FIELD),
                Arguments.of("{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":42}", ErrorReason.WRONG_TYPE),
                Arguments.of("{\"schemaVersion\":\"1\",\"id\":\"p\",\"authorId\":\"u\",\"text\":\"hi\"}", ErrorReason.WRONG_TYPE),
                Arguments.of("{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"hi\",\"createdAt\":\"yesterday\"}", ErrorReason.WRONG_TYPE),
                Arguments.of("{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"a\"}{\"schemaVersion\":1}", ErrorReason.MALFORMED_JSON),
                Arguments.of("{\"schemaVersion\":1,\"id\":\"p\",\"id\":\"q\",\"authorId\":\"u\",\"text\":\"a\"}", ErrorReason.MALFORMED_JSON),
                Arguments.of("{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"a\",\"createdAt\":\"1960-01-01T00:00:00Z\"}", ErrorReason.OUT_OF_RANGE),
                Arguments.of("{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"a\",\"createdAt\":\"2999-01-01T00:00:00Z\"}", ErrorReason.OUT_OF_RANGE),
                Arguments.of("{\"schemaVersion\":99,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"hi\"}", ErrorReason.UNSUPPORTED_SCHEMA_VERSION),
                Arguments.of("{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":\"" + "x".repeat(101) + "\"}", ErrorReason.TOO_LARGE));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("badPosts")
    void rejectsBadPostsWithTheirReason(String json, ErrorReason reason) {
        assertThatThrownBy(() -> posts().fromBytes(bytes(json)))
                .isInstanceOf(SerializationException.class)
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void rejectsInvalidUtf8AsMalformed() {
        byte[] bad = {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> posts().fromBytes(bad))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(ErrorReason.MALFORMED_JSON));
    }

    @Test
    void namesTheFieldWithTheWrongType() {
        assertThatThrownBy(() -> posts().fromBytes(bytes("{\"schemaVersion\":1,\"id\":\"p\",\"authorId\":\"u\",\"text\":true}")))
                .hasMessageContaining("'text'");
    }

    /** The stream's post serde with input.max.text.chars=100. */
    private static JsonSerde<Post> posts() {
        return (JsonSerde<Post>) Topics.from(new ChorusConfig(Map.of(ChorusConfig.INPUT_MAX_TEXT_CHARS, 100))).posts.valueSerde();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
