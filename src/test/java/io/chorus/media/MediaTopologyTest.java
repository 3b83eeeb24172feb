package io.chorus.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.config.ChorusConfig;
import io.chorus.deadletter.DeadLetters;
import io.chorus.model.Campaign;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.ContentType;
import io.chorus.model.GeneratedContent;
import io.chorus.model.MediaRef;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.TopologyDeps;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves image campaigns offline in the topology: a matching post becomes exactly one output on chorus.captions whose
 * reference resolves to a PNG content card in the media store (with provenance and the disclosure), nothing goes to
 * chorus.replies, and media over the size cap is dead-lettered with its reason instead of being published.
 */
class MediaTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    private static final String DISCLOSURE = "[AI-generated for Transit Now]";

    @TempDir
    Path mediaDir;
    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Profile> profiles;
    private TestInputTopic<String, Post> posts;
    private TestInputTopic<String, Campaign> campaigns;
    private TestOutputTopic<String, CommunityAssignment> assignments;
    private TestOutputTopic<String, GeneratedContent> replies;
    private TestOutputTopic<String, GeneratedContent> captions;
    private TestOutputTopic<byte[], byte[]> dlq;
    private MediaStore store;

    private void start(long maxBytes) {
        Map<String, Object> props = new HashMap<>(Map.of(ChorusConfig.PROCESSING_GUARANTEE, "at_least_once",
                ChorusConfig.COMMUNITIES_BATCH_SIZE, 100, ChorusConfig.MEDIA_CARD_SIZE, "400x400",
                ChorusConfig.STATE_DIR, stateDir.toString()));
        ChorusConfig config = new ChorusConfig(props);
        Topics topics = Topics.from(config);
        store = new MediaStore(mediaDir, maxBytes);
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of())
                .withMedia(MediaDeps.offline(store));
        driver = new TopologyTestDriver(ChorusTopology.build(config, deps), ChorusTopology.streamsProperties(config), T0);
        profiles = driver.createInputTopic(topics.profiles.name(), new StringSerializer(), JsonSerde.of(Profile.class).serializer());
        posts = driver.createInputTopic(topics.posts.name(), new StringSerializer(), JsonSerde.of(Post.class).serializer());
        campaigns = driver.createInputTopic(topics.campaigns.name(), new StringSerializer(), JsonSerde.of(Campaign.class).serializer());
        assignments = driver.createOutputTopic(topics.assignments.name(), new StringDeserializer(), JsonSerde.of(CommunityAssignment.class).deserializer());
        replies = driver.createOutputTopic(topics.replies.name(), new StringDeserializer(), JsonSerde.of(GeneratedContent.class).deserializer());
        captions = driver.createOutputTopic(topics.captions.name(), new StringDeserializer(), JsonSerde.of(GeneratedContent.class).deserializer());
        dlq = driver.createOutputTopic(topics.dlq.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (int i = 1; i <= 3; i++) {
            profiles.pipeInput("u" + i, new Profile(1, "u" + i, "Name" + i + " Surname", "@u" + i, "I ride the bus every day", "Town", null));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(assignments.readKeyValuesToList()).isNotEmpty();
        });
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    private static Campaign campaign(String id, ContentType type) {
        return new Campaign(1, id, "public transit", "support more frequent buses", type, null, List.of(), 75.0, 5, DISCLOSURE,
                T0.minusSeconds(3600), T0.plus(Duration.ofDays(30)), true);
    }

    private void post(String id) {
        posts.pipeInput("u1", new Post(1, id, "u1", "the bus was late again", T0, "en", List.of(), null), T0);
        driver.advanceWallClockTime(Duration.ofMillis(200));
    }

    @Test
    void anImagePostBecomesOneCaptionWhoseReferenceResolvesToAPngCard() throws Exception {
        start(8 << 20);
        campaigns.pipeInput("img", campaign("img", ContentType.IMAGE_POST));
        post("p1");

        List<GeneratedContent> out = captions.readValuesToList();
        assertThat(out).hasSize(1);
        assertThat(replies.isEmpty()).isTrue();
        GeneratedContent g = out.get(0);
        assertThat(g.contentType()).isEqualTo(ContentType.IMAGE_POST);
        assertThat(g.text()).contains(DISCLOSURE);
        MediaRef ref = g.media();
        assertThat(ref).isNotNull();
        assertThat(ref.mimeType()).isEqualTo("image/png");
        assertThat(ref.offline()).isTrue();
        assertThat(ref.generator()).isEqualTo(ContentCard.GENERATOR);
        assertThat(ref.disclosure()).isEqualTo(DISCLOSURE);
        assertThat(ref.prompt()).isEqualTo(g.text());
        assertThat(List.of(ref.width(), ref.height())).containsExactly(400, 400);

        Path file = store.find(ref.sha256()).orElseThrow().path();
        byte[] bytes = Files.readAllBytes(file);
        assertThat(java.util.Arrays.copyOf(bytes, 8)).containsExactly(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
        assertThat(bytes).hasSize((int) ref.sizeBytes());
        assertThat(MediaStore.sha256(bytes)).isEqualTo(ref.sha256());
        assertThat(ImageIO.read(new ByteArrayInputStream(bytes)).getWidth()).isEqualTo(400);
    }

    @Test
    void textCampaignsGetNoMediaAndWriteNoFile() throws Exception {
        start(8 << 20);
        campaigns.pipeInput("txt", campaign("txt", ContentType.POST));
        post("p1");
        List<GeneratedContent> out = replies.readValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).media()).isNull();
        assertThat(Files.exists(mediaDir) ? mediaDir.toFile().list() : new String[0]).isEmpty();
    }

    @Test
    void mediaOverTheSizeCapIsDeadLetteredWithItsReasonAndNotPublished() {
        start(1024);
        campaigns.pipeInput("img", campaign("img", ContentType.IMAGE));
        post("p1");

        assertThat(captions.isEmpty()).isTrue();
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetters.HEADER_REASON)).isEqualTo("OUTPUT_REJECTED");
        assertThat(header(dead.get(0), DeadLetters.HEADER_MESSAGE)).contains("media.max.bytes=1024");
    }

    @Test
    void refusesToBatchImageOrSpeechCalls() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.ASYNC_BATCH_USES, "sentiment,image", ChorusConfig.STATE_DIR, stateDir.toString()));
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of())
                .withMedia(MediaDeps.offline(new MediaStore(mediaDir, 1 << 20)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChorusTopology.build(config, deps))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining("async.batch.uses").hasMessageContaining("cannot be batched");
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
