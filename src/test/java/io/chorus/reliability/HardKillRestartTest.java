package io.chorus.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.model.Audience;
import io.chorus.model.Campaign;
import io.chorus.model.ContentType;
import io.chorus.model.EnrichedPost;
import io.chorus.model.GeneratedContent;
import io.chorus.model.Profile;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.TopicReader;
import io.chorus.config.TopicId;
import io.chorus.testing.SharedBroker;
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
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@code chorus run}, killed with SIGKILL three times at random moments while model calls are in flight
 * and restarted each time, still gives every input post exactly one scored record and every post a campaign targets
 * exactly one reply (nothing lost, nothing duplicated, nothing for posts it does not target) as a read_committed
 * consumer sees it. Chorus runs as a separate JVM, with communities (the real embedding model) and offline
 * generation; the broker, in the test JVM, survives each death.
 */
class HardKillRestartTest {

    private static final int POSTS = 500;
    private static final int KILLS = 3;
    /** The campaign's only audience condition: every fifth post mentions it. */
    private static final String KEYWORD = "transit";
    private static final String CAMPAIGN = "c-transit";
    private static final String DISCLOSURE = "[AI-generated for Transit Now]";
    private static final JsonSerde<GeneratedContent> REPLY = JsonSerde.of(GeneratedContent.class);
    private static final JsonSerde<EnrichedPost> ENRICHED = JsonSerde.of(EnrichedPost.class);
    private static final JsonSerde<Profile> PROFILE = JsonSerde.of(Profile.class);
    private static final JsonSerde<Campaign> CAMPAIGN_SERDE = JsonSerde.of(Campaign.class);

    @Test
    void sigkilledInstanceRestartedThreeTimesScoresEveryPostAndRepliesToEveryTargetedPostExactlyOnce() throws Exception {
        long started = System.nanoTime();
        Random random = new Random(20_240_808L);
        try (StubLlmServer stub = StubLlmServer.builder().port(0).latency(Duration.ofMillis(50)).recordRequests(false).start()) {
            ChorusConfig config = SharedBroker.isolatedConfig(Runs.settings(ChorusConfig.SENTIMENT_SCORER, "llm",
                    ChorusConfig.LLM_BASE_URL, stub.baseUrl(), ChorusConfig.LLM_API_KEY, "x",
                    // communities (the real MiniLM model, loaded at each start) feed enrichment and generation;
                    // generation stays offline (templates), so the model calls in flight are sentiment ones
                    ChorusConfig.COMMUNITIES_ENABLED, true, ChorusConfig.GENERATION_MODEL, "offline", ChorusConfig.HTTP_ENABLED, false,
                    ChorusConfig.ASYNC_ORDERING, "UNORDERED", ChorusConfig.ASYNC_EXECUTOR_THREADS, 8,
                    // the default 500 requests/minute would pace the run at ~8 posts/s
                    ChorusConfig.LLM_REQUESTS_PER_MINUTE, 1_000_000, ChorusConfig.LLM_TOKENS_PER_MINUTE, 100_000_000,
                    // a dead member must leave the group quickly, or each restart waits out the 45 s default
                    ChorusConfig.STREAMS_PREFIX + "session.timeout.ms", 6000,
                    ChorusConfig.STREAMS_PREFIX + "heartbeat.interval.ms", 1000));
            Topics topics = Topics.from(config);
            ChorusApp.ensureTopics(config);
            String lines = IntStream.range(0, POSTS).mapToObj(i -> Outcomes.post("p-" + i, "u-" + (i % 37),
                    "post " + i + " is good" + (i % 5 == 0 ? ", and so is " + KEYWORD : ""))).collect(Collectors.joining("\n"));
            // Replies need no community here (the audience has none), so authors with and without a profile both count.
            List<String> eligible = IntStream.range(0, POSTS).filter(i -> i % 5 == 0).mapToObj(i -> "p-" + i).toList();
            Instant now = Instant.now();
            try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
                String[] bios = {"I love video games and game streams", "Competitive gamer, streaming every night",
                        "Retro gaming fan and speedrunner", "Index fund investor, talking markets", "Parent of two toddlers"};
                for (int u = 0; u < bios.length; u++) {
                    FeedProducer.produceOne(producer, topics.profiles.name(), "u-" + u, PROFILE.toBytes(
                            new Profile(1, "u-" + u, "Name" + u + " Surname", "@u" + u, bios[u], "Town", null)));
                }
                // Produced before the first start: the global campaigns store is loaded before the instance runs.
                FeedProducer.produceOne(producer, topics.campaigns.name(), CAMPAIGN, CAMPAIGN_SERDE.toBytes(new Campaign(1, CAMPAIGN,
                        "public transit", "support more frequent buses", ContentType.REPLY,
                        new Audience(List.of(), null, null, List.of(KEYWORD), List.of()), List.of(), null, Campaign.MAX_PER_AUTHOR_DAILY_CAP, DISCLOSURE,
                        now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), true)));
                FeedProducer.produceLines(producer, topics.posts.name(), "authorId", new BufferedReader(new StringReader(lines)));
            }

            Path log = Files.createTempFile("chorus-child-", ".log");
            List<Integer> killedAt = new ArrayList<>();
            int threshold = 0;
            int[] inFlightAtKill = new int[1];
            try {
                for (int kill = 0; kill < KILLS; kill++) {
                    threshold += 40 + random.nextInt(80);
                    int atLeast = threshold;
                    Process child = startChild(config, log);
                    try {
                        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                            inFlightAtKill[0] = stub.inFlight();
                            return inFlightAtKill[0] > 0 && Outcomes.read(config.bootstrapServers(), topics).scoredIds().size() >= atLeast;
                        });
                        assertThat(child.isAlive()).as("child still running before kill %d (log %s)", kill + 1, log).isTrue();
                    } finally {
                        child.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no leave-group
                        child.waitFor(30, TimeUnit.SECONDS);
                    }
                    int seen = Outcomes.read(config.bootstrapServers(), topics).scoredIds().size();
                    killedAt.add(seen);
                    System.out.printf("HardKillRestartTest: kill %d after >= %d committed outputs (%d visible after the kill, and %d "
                            + "replies), %d model calls in flight at the stub just before%n", kill + 1, atLeast, seen,
                            TopicReader.readAll(config.bootstrapServers(), topics.replies.name()).size(), inFlightAtKill[0]);
                }

                Process last = startChild(config, log);
                try {
                    Outcomes done = Outcomes.awaitUntil(config.bootstrapServers(), topics, Duration.ofSeconds(120),
                            o -> o.scoredIds().size() >= POSTS);
                    // Enrichment and targeting run in one task: once every post is on the enriched topic (read_committed),
                    // every reply any post will ever cause is visible too.
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                            TopicReader.readAll(config.bootstrapServers(), topics.name(TopicId.ENRICHED)).stream()
                                    .map(r -> ENRICHED.fromBytes(r.value()).postId()).distinct().count() >= POSTS);
                    List<GeneratedContent> replies = TopicReader.readAll(config.bootstrapServers(), topics.replies.name()).stream()
                            .map(r -> REPLY.fromBytes(r.value())).toList();
                    Map<String, Long> perPostAndCampaign = replies.stream()
                            .collect(Collectors.groupingBy(r -> r.postId() + "|" + r.campaignId(), TreeMap::new, Collectors.counting()));
                    List<String> duplicated = perPostAndCampaign.entrySet().stream().filter(e -> e.getValue() > 1)
                            .map(e -> e.getKey() + " x" + e.getValue()).toList();
                    List<String> replied = replies.stream().map(GeneratedContent::postId).distinct().toList();
                    List<String> missing = eligible.stream().filter(id -> !replied.contains(id)).toList();
                    List<String> unexpected = replied.stream().filter(id -> !eligible.contains(id)).toList();
                    System.out.printf("HardKillRestartTest: %d posts in, %d scored out (%d distinct), %d dead letters, %d stub requests; "
                            + "%d eligible for a reply, %d replies (%d distinct posts), duplicated %s, missing %s, unexpected %s; "
                            + "kills after %s outputs, %d s%n", POSTS, done.scoredIds().size(), done.scoredIds().stream().distinct().count(),
                            done.deadLetters().size(), stub.requestCount(), eligible.size(), replies.size(), replied.size(), duplicated,
                            missing, unexpected, killedAt, (System.nanoTime() - started) / 1_000_000_000);
                    assertThat(done.scoredIds()).doesNotHaveDuplicates()
                            .containsExactlyInAnyOrderElementsOf(IntStream.range(0, POSTS).mapToObj(i -> "p-" + i).toList());
                    assertThat(done.deadLetters()).isEmpty();
                    assertThat(duplicated).as("replies per post and campaign more than once").isEmpty();
                    assertThat(replies).extracting(GeneratedContent::postId).as("one reply per eligible post, none for others")
                            .containsExactlyInAnyOrderElementsOf(eligible);
                    assertThat(replies).allSatisfy(r -> {
                        assertThat(r.campaignId()).isEqualTo(CAMPAIGN);
                        assertThat(r.text()).contains(DISCLOSURE);
                        assertThat(r.offline()).isTrue();
                    });
                } finally {
                    last.destroy(); // a clean stop this time
                    if (!last.waitFor(30, TimeUnit.SECONDS)) {
                        last.destroyForcibly();
                    }
                }
            } catch (AssertionError | RuntimeException e) {
                System.out.println("---- child log tail ----\n" + tail(log, 60));
                throw e;
            }
        }
    }

    /** {@code chorus run} in its own JVM with the test's classpath (target/classes and every dependency). */
    private static Process startChild(ChorusConfig config, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), "io.chorus.cli.ChorusCli", "run",
                "--bootstrap", config.bootstrapServers()));
        command.addAll(Runs.asSetArguments(config));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
