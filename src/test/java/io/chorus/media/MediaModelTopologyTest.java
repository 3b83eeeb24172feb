package io.chorus.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.async.GatewaySettings;
import io.chorus.async.ModelGateway;
import io.chorus.config.ChorusConfig;
import io.chorus.deadletter.DeadLetters;
import io.chorus.llm.MediaModelClient;
import io.chorus.llm.ModelCallException;
import io.chorus.llm.stub.StubMedia;
import io.chorus.model.Campaign;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.ContentType;
import io.chorus.model.GeneratedContent;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeChatClient;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.TopologyDeps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
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
 * Proves the guardrails and the crash-safety rule of model-made images in the topology: a model-written image prompt
 * that touches a blocked topic is dead-lettered before any image call; a cached reference whose file is gone is not
 * published but made again, so no output points at a missing file; an image over the size cap is dead-lettered.
 */
class MediaModelTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    private static final String DISCLOSURE = "[AI-generated for Transit Now]";

    @TempDir
    Path mediaDir;
    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private ModelGateway text;
    private ModelGateway images;
    private TestInputTopic<String, Post> posts;
    private TestInputTopic<String, Campaign> campaigns;
    private TestOutputTopic<String, GeneratedContent> captions;
    private TestOutputTopic<byte[], byte[]> dlq;
    private MediaStore store;
    private final List<String> imagePrompts = new CopyOnWriteArrayList<>();

    /** An image model fake: records prompts, answers with {@code answer}. */
    private MediaModelClient imageModel(Function<String, byte[]> answer) {
        return new MediaModelClient() {
            @Override
            public Media generate(String prompt) throws ModelCallException {
                imagePrompts.add(prompt);
                return new Media(answer.apply(prompt), "fake-image", null);
            }

            @Override
            public String model() {
                return "fake-image";
            }

            @Override
            public String endpoint() {
                return "fake://images";
            }
        };
    }

    private void start(String imagePrompt, Function<String, byte[]> imageAnswer, long maxBytes) {
        Map<String, Object> props = new HashMap<>(Map.of(ChorusConfig.PROCESSING_GUARANTEE, "at_least_once",
                ChorusConfig.COMMUNITIES_BATCH_SIZE, 100, ChorusConfig.GENERATION_MODEL, "llm", ChorusConfig.MEDIA_IMAGE_MODEL, "llm",
                ChorusConfig.STATE_DIR, stateDir.toString(), ChorusConfig.ASYNC_BACKOFF_INITIAL_MS, 0L, ChorusConfig.ASYNC_BACKOFF_MAX_MS, 0L));
        ChorusConfig config = new ChorusConfig(props);
        Topics topics = Topics.from(config);
        store = new MediaStore(mediaDir, maxBytes);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        text = new ModelGateway(new FakeChatClient((r, n) -> "{\"bridge\":\"time\",\"image_prompt\":\"" + imagePrompt
                + "\",\"text\":\"Ten-minute buses.\",\"rationale\":\"r\"}"), GatewaySettings.fromConfig(config), registry);
        images = new ModelGateway(new StoringMediaClient(imageModel(imageAnswer), store), GatewaySettings.fromConfig(config), registry);
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC(), text).withCommunities(new KeywordEmbedder(), List.of())
                .withMedia(new MediaDeps(store, images, null));
        driver = new TopologyTestDriver(ChorusTopology.build(config, deps), ChorusTopology.streamsProperties(config), T0);
        TestInputTopic<String, Profile> profiles = driver.createInputTopic(topics.profiles.name(), new StringSerializer(),
                JsonSerde.of(Profile.class).serializer());
        posts = driver.createInputTopic(topics.posts.name(), new StringSerializer(), JsonSerde.of(Post.class).serializer());
        campaigns = driver.createInputTopic(topics.campaigns.name(), new StringSerializer(), JsonSerde.of(Campaign.class).serializer());
        TestOutputTopic<String, CommunityAssignment> assignments = driver.createOutputTopic(topics.assignments.name(), new StringDeserializer(),
                JsonSerde.of(CommunityAssignment.class).deserializer());
        captions = driver.createOutputTopic(topics.captions.name(), new StringDeserializer(), JsonSerde.of(GeneratedContent.class).deserializer());
        dlq = driver.createOutputTopic(topics.dlq.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        profiles.pipeInput("u1", new Profile(1, "u1", "Robin Rider", "@u1", "I ride the bus every day", "Town", null));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(assignments.readKeyValuesToList()).isNotEmpty();
        });
        campaigns.pipeInput("img", new Campaign(1, "img", "public transit", "support more frequent buses", ContentType.IMAGE_POST, null,
                List.of(), 75.0, 10, DISCLOSURE, T0.minusSeconds(3600), T0.plus(Duration.ofDays(30)), true));
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        if (text != null) {
            text.close();
        }
        if (images != null) {
            images.close();
        }
    }

    private void post(String id) {
        posts.pipeInput("u1", new Post(1, id, "u1", "the bus was late again " + id, T0, "en", List.of(), null), T0);
    }

    /** Advances the wall clock (punctuations emit finished calls) until {@code n} outputs or dead letters are collected. */
    private List<Object> awaitOutcomes(int n, List<GeneratedContent> out, List<TestRecord<byte[], byte[]>> dead) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            driver.advanceWallClockTime(Duration.ofMillis(200));
            out.addAll(captions.readValuesToList());
            dead.addAll(dlq.readRecordsToList());
            assertThat(out.size() + dead.size()).isGreaterThanOrEqualTo(n);
        });
        return List.of(out, dead);
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aBlockedImagePromptIsDeadLetteredBeforeAnyImageCall() {
        start("a crowd carrying weapons to the bus stop", p -> StubMedia.png(p, "300x300"), 1 << 20);
        post("p1");
        List<GeneratedContent> out = new ArrayList<>();
        List<TestRecord<byte[], byte[]>> dead = new ArrayList<>();
        awaitOutcomes(1, out, dead);

        assertThat(out).isEmpty();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetters.HEADER_REASON)).isEqualTo("OUTPUT_REJECTED");
        assertThat(header(dead.get(0), DeadLetters.HEADER_MESSAGE)).contains("media prompt touches a blocked topic 'weapons'");
        assertThat(imagePrompts).isEmpty();
        assertThat(mediaDir.toFile().list()).isEmpty();
    }

    @Test
    void aCachedReferenceWhoseFileIsGoneIsMadeAgainSoNoOutputPointsAtAMissingFile() throws Exception {
        start("a city bus at dawn", p -> StubMedia.png(p, "300x300"), 1 << 20);
        List<GeneratedContent> out = new ArrayList<>();
        List<TestRecord<byte[], byte[]>> dead = new ArrayList<>();
        post("p1");
        awaitOutcomes(1, out, dead);
        String hash = out.get(0).media().sha256();
        Files.delete(store.find(hash).orElseThrow().path()); // an orphan cleaner, or another volume, lost the file

        post("p2"); // same image prompt: the response cache has the reference, but its file is gone
        awaitOutcomes(2, out, dead);

        assertThat(dead).isEmpty();
        assertThat(out).hasSize(2).allSatisfy(g -> assertThat(store.contains(g.media().sha256())).isTrue());
        assertThat(out.get(1).media().sha256()).isEqualTo(hash);
        assertThat(imagePrompts).containsExactly("a city bus at dawn", "a city bus at dawn");
    }

    @Test
    void aCachedReferenceWhoseFileIsThereIsReusedWithoutACall() {
        start("a city bus at dawn", p -> StubMedia.png(p, "300x300"), 1 << 20);
        List<GeneratedContent> out = new ArrayList<>();
        List<TestRecord<byte[], byte[]>> dead = new ArrayList<>();
        post("p1");
        awaitOutcomes(1, out, dead);
        post("p2");
        awaitOutcomes(2, out, dead);

        assertThat(imagePrompts).hasSize(1);
        assertThat(out).extracting(g -> g.media().cached()).containsExactly(false, true);
        assertThat(out.get(1).media().sha256()).isEqualTo(out.get(0).media().sha256());
    }

    @Test
    void anImageOverTheSizeCapIsDeadLetteredWithoutRetries() {
        start("a city bus at dawn", p -> StubMedia.png(p, "1024x1024"), 2048);
        post("p1");
        List<GeneratedContent> out = new ArrayList<>();
        List<TestRecord<byte[], byte[]>> dead = new ArrayList<>();
        awaitOutcomes(1, out, dead);

        assertThat(out).isEmpty();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetters.HEADER_REASON)).isEqualTo("MODEL_NON_RETRIABLE");
        assertThat(header(dead.get(0), DeadLetters.HEADER_MESSAGE)).contains("media.max.bytes=2048");
        assertThat(imagePrompts).hasSize(1);
    }
}
