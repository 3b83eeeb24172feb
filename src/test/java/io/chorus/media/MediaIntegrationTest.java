package io.chorus.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.Dependencies;
import io.chorus.app.FeedProducer;
import io.chorus.async.GatewaySettings;
import io.chorus.async.ModelGateway;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.openai.OpenAiChatClient;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.llm.stub.StubRequest;
import io.chorus.model.Campaign;
import io.chorus.model.ContentType;
import io.chorus.model.GeneratedContent;
import io.chorus.model.ImageRef;
import io.chorus.model.MediaRef;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.sentiment.VaderSentimentScorer;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.testing.SharedBroker;
import io.chorus.testing.TopicReader;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves media with models on a real broker (exactly_once_v2) and the stub OpenAI server: an image_post, an image and
 * a voiced narration campaign each turn one matching post into exactly one output on chorus.captions whose reference
 * resolves to a file in the media store that is really a PNG (or a WAV) of the reported size, with provenance; the
 * image model got the model-written image prompt; nothing is dead-lettered, and no record points at a missing file.
 */
class MediaIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String DISCLOSURE = "[AI-generated for Transit Now]";
    private static final String IMAGE_PROMPT = "a city bus at dawn, soft light, wet street";
    private static final JsonSerde<GeneratedContent> CONTENT = JsonSerde.of(GeneratedContent.class);

    private StubLlmServer stub;
    private ModelGateway text;
    private MediaDeps media;

    @AfterEach
    void stop() {
        if (text != null) {
            text.close();
        }
        if (media != null && media.imageGateway() != null) {
            media.imageGateway().close();
        }
        if (media != null && media.speechGateway() != null) {
            media.speechGateway().close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void eachMediaCampaignTurnsAMatchingPostIntoOneOutputWhoseFileIsRealMedia() throws Exception {
        stub = StubLlmServer.builder().responder(r -> "{\"bridge\":\"time\",\"image_prompt\":\"" + IMAGE_PROMPT
                + "\",\"text\":\"Ten-minute buses give you your mornings back.\",\"rationale\":\"time matters to them\"}").start();
        Path mediaDir = SharedBroker.tempDir("chorus-media-");
        ChorusConfig config = SharedBroker.isolatedConfig(Map.ofEntries(Map.entry(ChorusConfig.HTTP_ENABLED, false),
                Map.entry(ChorusConfig.COMMUNITIES_FLUSH_MS, 100L), Map.entry(ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2"),
                Map.entry(ChorusConfig.GENERATION_MODEL, "llm"), Map.entry(ChorusConfig.MEDIA_IMAGE_MODEL, "llm"),
                Map.entry(ChorusConfig.MEDIA_SPEECH_ENABLED, true), Map.entry(ChorusConfig.MEDIA_IMAGE_SIZE, "512x384"),
                Map.entry(ChorusConfig.MEDIA_DIR, mediaDir.toString()), Map.entry(ChorusConfig.LLM_BASE_URL, stub.baseUrl()),
                Map.entry(ChorusConfig.LLM_MODEL, "stub-model"), Map.entry(ChorusConfig.LLM_API_KEY, "sk-test"),
                Map.entry(ChorusConfig.LLM_IMAGE_MODEL, "stub-image"), Map.entry(ChorusConfig.LLM_SPEECH_MODEL, "stub-tts"),
                Map.entry(ChorusConfig.BEHAVIOR_ENABLED, false)));
        Topics topics = Topics.from(config);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        text = new ModelGateway(OpenAiChatClient.fromConfig(config), GatewaySettings.fromConfig(config), registry);
        media = Dependencies.media(config, registry);
        TopologyDeps deps = new TopologyDeps(new VaderSentimentScorer(), Clock.systemUTC(), text)
                .withCommunities(new KeywordEmbedder(), List.of()).withMedia(media);
        Instant now = Instant.now().minusSeconds(60);

        try (Producer<byte[], byte[]> producer = FeedProducer.producer(config.kafkaClientProps());
             ChorusApp app = ChorusApp.start(config, deps, true)) {
            app.awaitRunning(WAIT);
            FeedProducer.produceOne(producer, topics.profiles.name(), "u1",
                    JsonSerde.of(Profile.class).toBytes(new Profile(1, "u1", "Robin Rider", "@robin", "I ride the bus", "Town", null)));
            for (ContentType type : List.of(ContentType.IMAGE_POST, ContentType.IMAGE, ContentType.NARRATION)) {
                String id = "c-" + type.wireName();
                FeedProducer.produceOne(producer, topics.campaigns.name(), id, JsonSerde.of(Campaign.class).toBytes(new Campaign(1, id,
                        "public transit", "support more frequent buses", type, null, List.of(), 70.0, 5, DISCLOSURE,
                        now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), true)));
            }
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> app.streams().store(
                    org.apache.kafka.streams.StoreQueryParameters.fromNameAndType("campaigns-store",
                            org.apache.kafka.streams.state.QueryableStoreTypes.<String, Object>keyValueStore())).approximateNumEntries() >= 3);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> app.streams().store(
                    org.apache.kafka.streams.StoreQueryParameters.fromNameAndType("assignments-table",
                            org.apache.kafka.streams.state.QueryableStoreTypes.<String, Object>keyValueStore())).get("u1") != null);
            FeedProducer.produceOne(producer, topics.posts.name(), "u1", JsonSerde.of(Post.class).toBytes(new Post(1, "p1", "u1",
                    "the bus was late again", now, "en", List.of(new ImageRef(null, "a bus stop in the rain"),
                    new ImageRef(null, "people waiting")), null)));

            AtomicReference<List<GeneratedContent>> out = new AtomicReference<>(List.of());
            await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
                out.set(TopicReader.readAll(config.bootstrapServers(), topics.captions.name()).stream().map(r -> CONTENT.fromBytes(r.value())).toList());
                return out.get().size() >= 3;
            });
            Map<ContentType, List<GeneratedContent>> byType = out.get().stream().collect(Collectors.groupingBy(GeneratedContent::contentType));
            assertThat(byType.keySet()).containsExactlyInAnyOrder(ContentType.IMAGE_POST, ContentType.IMAGE, ContentType.NARRATION);
            assertThat(byType.values()).allSatisfy(list -> assertThat(list).hasSize(1));

            MediaStore store = media.store();
            for (ContentType type : List.of(ContentType.IMAGE_POST, ContentType.IMAGE)) {
                GeneratedContent g = byType.get(type).get(0);
                MediaRef ref = g.media();
                assertThat(ref).as(type + " has media").isNotNull();
                assertThat(ref.mimeType()).isEqualTo("image/png");
                assertThat(ref.offline()).isFalse();
                assertThat(ref.generator()).isEqualTo("stub-image");
                assertThat(ref.prompt()).isEqualTo(IMAGE_PROMPT);
                assertThat(ref.disclosure()).isEqualTo(DISCLOSURE);
                assertThat(g.text()).contains(DISCLOSURE);
                assertThat(g.model()).isEqualTo("stub-model");
                byte[] bytes = Files.readAllBytes(store.find(ref.sha256()).orElseThrow().path());
                assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
                assertThat(bytes).hasSize((int) ref.sizeBytes());
                var image = ImageIO.read(new ByteArrayInputStream(bytes));
                assertThat(List.of(image.getWidth(), image.getHeight())).containsExactly(512, 384).isEqualTo(List.of(ref.width(), ref.height()));
            }
            GeneratedContent narration = byType.get(ContentType.NARRATION).get(0);
            MediaRef audio = narration.media();
            assertThat(audio).isNotNull();
            assertThat(audio.mimeType()).isEqualTo("audio/wav");
            assertThat(audio.generator()).isEqualTo("stub-tts");
            assertThat(audio.prompt()).isEqualTo(narration.text()).contains(DISCLOSURE);
            byte[] wav = Files.readAllBytes(store.find(audio.sha256()).orElseThrow().path());
            assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            assertThat(new String(wav, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WAVE");
            assertThat(audio.durationMs()).isPositive();
            try (var stream = javax.sound.sampled.AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
                assertThat(stream.getFrameLength() * 1000 / (long) stream.getFormat().getFrameRate()).isEqualTo(audio.durationMs());
            }

            List<StubRequest> imageCalls = stub.requests().stream().filter(r -> r.rawBody().contains("\"size\"")).toList();
            assertThat(imageCalls).isNotEmpty().allSatisfy(r -> assertThat(r.messages().get(0).text()).isEqualTo(IMAGE_PROMPT));
            // both image campaigns asked for the same prompt: the same bytes (a cache hit, or a deterministic answer), so one file
            assertThat(byType.get(ContentType.IMAGE).get(0).media().sha256()).isEqualTo(byType.get(ContentType.IMAGE_POST).get(0).media().sha256());
            assertThat(TopicReader.readAll(config.bootstrapServers(), topics.dlq.name())).as("dead letters").isEmpty();
            assertThat(TopicReader.readAll(config.bootstrapServers(), topics.name(io.chorus.config.TopicId.LLM_CACHE)))
                    .as("the response cache holds references, never media bytes")
                    .allSatisfy(r -> assertThat(r.value().length).isLessThan(2_000));
        }
    }
}
