package io.chorus.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.media.MediaGc;
import io.chorus.media.MediaStore;
import io.chorus.model.Audience;
import io.chorus.model.Campaign;
import io.chorus.model.ContentType;
import io.chorus.model.GeneratedContent;
import io.chorus.model.Profile;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.SharedBroker;
import io.chorus.testing.TopicReader;
import io.chorus.topics.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Proves the media crash rule: {@code chorus run} making images through the stub, SIGKILLed while image calls are in
 * flight (files already written for outputs not yet committed) and restarted, ends with exactly one image output per
 * targeted post, every reference resolving to its PNG in the media store; whatever orphans the crash left, the
 * orphan rule deletes only them, and every committed reference still resolves afterwards.
 */
class MediaKillRestartTest {

    private static final int POSTS = 60;
    private static final String CAMPAIGN = "c-image";
    private static final String DISCLOSURE = "[AI-generated for Transit Now]";
    private static final JsonSerde<GeneratedContent> CONTENT = JsonSerde.of(GeneratedContent.class);

    @Test
    void aSigkilledInstanceLeavesNoRecordPointingAtAMissingFile() throws Exception {
        // Every post gets its own image prompt (from a hash of the model's user message), so calls do not collapse
        // into cache hits, and a kill finds image calls in flight.
        try (StubLlmServer stub = StubLlmServer.builder().port(0).latency(Duration.ofMillis(150))
                .responder(r -> "{\"bridge\":\"time\",\"image_prompt\":\"a bus scene " + Integer.toHexString(r.user().hashCode())
                        + "\",\"text\":\"Ten-minute buses give you your mornings back.\",\"rationale\":\"r\"}").start()) {
            Path mediaDir = SharedBroker.tempDir("chorus-media-kill-");
            ChorusConfig config = SharedBroker.isolatedConfig(Runs.settings(ChorusConfig.LLM_BASE_URL, stub.baseUrl(),
                    ChorusConfig.LLM_API_KEY, "x", ChorusConfig.COMMUNITIES_ENABLED, true, ChorusConfig.GENERATION_MODEL, "llm",
                    ChorusConfig.MEDIA_IMAGE_MODEL, "llm", ChorusConfig.MEDIA_IMAGE_SIZE, "256x256", ChorusConfig.MEDIA_DIR, mediaDir.toString(),
                    ChorusConfig.HTTP_ENABLED, false, ChorusConfig.BEHAVIOR_ENABLED, false, ChorusConfig.ASYNC_EXECUTOR_THREADS, 4,
                    ChorusConfig.LLM_REQUESTS_PER_MINUTE, 1_000_000, ChorusConfig.LLM_TOKENS_PER_MINUTE, 100_000_000,
                    ChorusConfig.STREAMS_PREFIX + "session.timeout.ms", 6000, ChorusConfig.STREAMS_PREFIX + "heartbeat.interval.ms", 1000));
            Topics topics = Topics.from(config);
            ChorusApp.ensureTopics(config);
            Instant now = Instant.now();
            List<String> posts = IntStream.range(0, POSTS).mapToObj(i -> "p-" + i).toList();
            try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
                for (int u = 0; u < 12; u++) {
                    FeedProducer.produceOne(producer, topics.profiles.name(), "u-" + u, JsonSerde.of(Profile.class).toBytes(
                            new Profile(1, "u-" + u, "Name" + u + " Surname", "@u" + u, "I ride the bus to work", "Town", null)));
                }
                FeedProducer.produceOne(producer, topics.campaigns.name(), CAMPAIGN, JsonSerde.of(Campaign.class).toBytes(new Campaign(1, CAMPAIGN,
                        "public transit", "support more frequent buses", ContentType.IMAGE, new Audience(List.of(), null, null, List.of(), List.of()),
                        List.of(), null, Campaign.MAX_PER_AUTHOR_DAILY_CAP, DISCLOSURE, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), true)));
                String lines = IntStream.range(0, POSTS).mapToObj(i -> Outcomes.post("p-" + i, "u-" + (i % 12), "post " + i + " about the bus"))
                        .collect(Collectors.joining("\n"));
                FeedProducer.produceLines(producer, topics.posts.name(), "authorId", new BufferedReader(new StringReader(lines)));
            }

            Path log = Files.createTempFile("chorus-media-child-", ".log");
            try {
                Process child = startChild(config, log);
                int[] imageCallsAtKill = new int[1];
                try {
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
                        imageCallsAtKill[0] = imageCalls(stub);
                        return imageCallsAtKill[0] >= 10 && stub.inFlight() > 0;
                    });
                } finally {
                    child.destroyForcibly(); // SIGKILL: files written for outputs whose transaction never commits
                    child.waitFor(30, TimeUnit.SECONDS);
                }
                int committedAtKill = captions(config, topics).size();
                long filesAtKill = files(mediaDir);

                Process last = startChild(config, log);
                List<GeneratedContent> out;
                try {
                    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                            .until(() -> captions(config, topics).size() >= POSTS);
                    Runs.awaitAllConsumed(config, topics.posts.name(), Duration.ofSeconds(60));
                    out = captions(config, topics);
                } finally {
                    last.destroy();
                    if (!last.waitFor(30, TimeUnit.SECONDS)) {
                        last.destroyForcibly();
                    }
                }

                MediaStore store = new MediaStore(mediaDir, config.getLong(ChorusConfig.MEDIA_MAX_BYTES));
                Set<String> referenced = out.stream().map(g -> g.media().sha256()).collect(Collectors.toSet());
                long filesBefore = files(mediaDir);
                System.out.printf("MediaKillRestartTest: killed after %d image calls (%d outputs committed, %d files); after the restart "
                        + "%d outputs, %d distinct references, %d files, %d image calls in all%n", imageCallsAtKill[0], committedAtKill,
                        filesAtKill, out.size(), referenced.size(), filesBefore, imageCalls(stub));
                assertThat(out).extracting(GeneratedContent::postId).as("one image per targeted post").containsExactlyInAnyOrderElementsOf(posts);
                assertThat(out).allSatisfy(g -> {
                    assertThat(g.media()).isNotNull();
                    Path file = store.find(g.media().sha256()).map(MediaStore.Stored::path).orElse(null);
                    assertThat(file).as("file of %s", g.postId()).isNotNull();
                    byte[] head = Files.readAllBytes(file);
                    assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
                    assertThat(MediaStore.sha256(head)).isEqualTo(g.media().sha256());
                });
                assertThat(TopicReader.readAll(config.bootstrapServers(), topics.dlq.name())).as("dead letters").isEmpty();

                MediaGc.Result gc = MediaGc.run(store, referenced, Instant.now().plusSeconds(1), Duration.ZERO, false, List.of(), 0);
                assertThat(gc.deletedOrphans()).as("only unreferenced files go").allSatisfy(p ->
                        assertThat(referenced).doesNotContain(p.getFileName().toString().substring(0, 64)));
                assertThat(out).as("after the GC every committed reference still resolves")
                        .allSatisfy(g -> assertThat(store.contains(g.media().sha256())).isTrue());
                assertThat(files(mediaDir)).isEqualTo(referenced.size());
            } catch (AssertionError | RuntimeException e) {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                System.out.println("---- child log tail ----\n" + String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size())));
                throw e;
            }
        }
    }

    private static int imageCalls(StubLlmServer stub) {
        return (int) stub.requests().stream().filter(r -> r.rawBody() != null && r.rawBody().contains("\"size\"")).count();
    }

    private static List<GeneratedContent> captions(ChorusConfig config, Topics topics) {
        return TopicReader.readAll(config.bootstrapServers(), topics.captions.name()).stream().map(r -> CONTENT.fromBytes(r.value())).toList();
    }

    private static long files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

    private static Process startChild(ChorusConfig config, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), "io.chorus.cli.ChorusCli", "run",
                "--bootstrap", config.bootstrapServers()));
        command.addAll(Runs.asSetArguments(config));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }
}
