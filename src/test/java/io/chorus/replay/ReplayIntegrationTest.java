package io.chorus.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.Dependencies;
import io.chorus.app.FeedProducer;
import io.chorus.cli.ChorusCli;
import io.chorus.cli.CompareCommand;
import io.chorus.cli.ExitCodes;
import io.chorus.cli.ExperimentsCommand;
import io.chorus.cli.ReplayCommand;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.model.ScoredPost;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.SharedBroker;
import io.chorus.testing.TopicReader;
import io.chorus.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * Proves replays end to end on the embedded broker: a sub-range of a timestamped feed replayed under another
 * setting lands only in the experiment's topics with exactly the posts in range, stops by itself at --to, answers
 * unchanged prompts from the shared cache (no model calls), resumes or starts over with --reset, and compare shows
 * the difference the changed scorer made while an unchanged replay agrees with production.
 *
 * <p>The scenario (production run, replays, compare, resume, reset, the CLI) runs once, in order, before the tests;
 * it records what it saw at each step, and each test checks one behaviour of that record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIntegrationTest {

    private static final int POSTS = 60;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private final JsonSerde<ScoredPost> scoredSerde = JsonSerde.of(ScoredPost.class);

    private ChorusConfig production;
    private Topics topics;
    private Set<String> inRange;
    private int productionCalls;
    private Set<String> productionTopicsBefore;

    private ReplaySummary sameRun;
    private int callsAfterSame;
    private List<String> sameIds;

    private ReplaySummary vaderRun;
    private List<ScoredPost> vaderScored;
    private List<String> productionIdsAfterReplays;
    private Set<String> productionTopicsAfterReplays;
    private int callsAfterVader;

    private Comparison changed;
    private Comparison unchanged;

    private ReplaySummary again;
    private int vaderRecordsAfterAgain;
    private ReplaySummary reset;
    private int vaderRecordsAfterReset;

    private Cli compareHtml;
    private String html;
    private Cli list;
    private Cli delete;
    private List<String> experimentsAfterDelete;
    private Set<String> experimentTopicsAfterDelete;
    private String sameApplicationId;
    private Set<String> productionTopicsAfterDelete;
    private Cli badName;

    @BeforeAll
    void runTheScenario() throws Exception {
        // The model answers 85 for "good" texts and 20 for everything else; the local VADER scorer calls the
        // neutral "post number N" texts neutral, so switching the scorer changes exactly a third of the labels.
        try (StubLlmServer stub = StubLlmServer.builder().port(0).responder(r -> r.user().contains("good") ? "85" : "20").start()) {
            production = SharedBroker.isolatedConfig(Map.of(ChorusConfig.SENTIMENT_SCORER, "llm",
                    ChorusConfig.LLM_BASE_URL, stub.baseUrl(), ChorusConfig.LLM_MODEL, "stub-model", ChorusConfig.LLM_API_KEY, "sk-test",
                    ChorusConfig.COMMUNITIES_ENABLED, false, ChorusConfig.ASYNC_BACKOFF_INITIAL_MS, 10L, ChorusConfig.HTTP_ENABLED, false));
            topics = Topics.from(production);
            ChorusApp.ensureTopics(production);
            Instant t0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
            produceFeed(production, topics.posts.name(), t0);

            // Production scores the whole feed once.
            try (Dependencies deps = Dependencies.open(production);
                 ChorusApp app = ChorusApp.start(production, deps.deps(), false)) {
                app.awaitRunning(Duration.ofSeconds(60));
                await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(500))
                        .until(() -> TopicReader.readAll(production.bootstrapServers(), topics.scored.name()).size() >= POSTS);
            }
            productionCalls = stub.requestCount();
            productionTopicsBefore = productionTopics(production);

            ReplayRange range = new ReplayRange(t0.plus(10, ChronoUnit.MINUTES), t0.plus(40, ChronoUnit.MINUTES));
            inRange = IntStream.range(10, 40).mapToObj(i -> "p-" + i).collect(Collectors.toCollection(TreeSet::new));

            // 1. Unchanged settings: every prompt was answered before.
            Experiment same = Experiment.of("same", production);
            sameApplicationId = same.applicationId();
            sameRun = replay(same, range, false);
            callsAfterSame = stub.requestCount();
            sameIds = postIds(production, topics.scored.name() + ".exp.same");

            // 2. A changed setting: the local scorer instead of the model, same range.
            Experiment vader = Experiment.of("vader", production.with(Map.of(ChorusConfig.SENTIMENT_SCORER, "local")));
            vaderRun = replay(vader, range, false);
            String vaderTopic = topics.scored.name() + ".exp.vader";
            vaderScored = scored(production, vaderTopic);
            productionIdsAfterReplays = postIds(production, topics.scored.name());
            productionTopicsAfterReplays = productionTopics(production);
            callsAfterVader = stub.requestCount();

            // 3. Compare the changed and the unchanged replay with production.
            changed = Compare.compare(Compare.read(production, "production"), Compare.read(production, "vader"), 0.05);
            unchanged = Compare.compare(Compare.read(production, "production"), Compare.read(production, "same"), 0.05);

            // 4. Running it again, then 5. with --reset.
            again = replay(vader, range, false);
            vaderRecordsAfterAgain = TopicReader.readAll(production.bootstrapServers(), vaderTopic).size();
            reset = replay(vader, range, true);
            vaderRecordsAfterReset = TopicReader.readAll(production.bootstrapServers(), vaderTopic).size();

            // 6. The CLI: compare as HTML, list, delete, a bad experiment name.
            Path htmlFile = Files.createTempFile("compare-", ".html");
            compareHtml = cli(new CompareCommand(), production, "production", "vader", "--format", "html", "--out", htmlFile.toString());
            html = Files.readString(htmlFile, StandardCharsets.UTF_8);
            list = cli(new ExperimentsCommand(), production, "list");
            delete = cli(new ExperimentsCommand(), production, "delete", "same");
            try (Admin admin = Admin.create(production.kafkaClientProps())) {
                experimentsAfterDelete = Experiments.list(admin, production).stream().map(Experiments.Info::name).toList();
                experimentTopicsAfterDelete = new TreeSet<>(Experiments.topicNames(admin));
            }
            productionTopicsAfterDelete = productionTopics(production);
            badName = cli(new ReplayCommand(), production, "--experiment", "Bad_Name", "--from", "0");
        }
    }

    @Test
    void productionAsksTheModelAboutEveryPost() {
        assertThat(productionCalls).isGreaterThanOrEqualTo(POSTS);
    }

    @Test
    void aReplayTakesExactlyThePostsInItsRange() {
        assertThat(sameRun.alreadyComplete()).isFalse();
        assertThat(sameRun.totalIn()).isEqualTo(30);
        assertThat(sameIds).containsExactlyInAnyOrderElementsOf(inRange);
    }

    @Test
    void anUnchangedReplayAnswersEveryPromptFromTheCache() {
        assertThat(sameRun.modelCalls()).isZero();
        assertThat(sameRun.cacheHits()).isEqualTo(30);
        assertThat(callsAfterSame).isEqualTo(productionCalls);
    }

    @Test
    void aReplayWritesToTheExperimentsTopics() {
        assertThat(sameRun.recordsOut()).containsEntry(topics.scored.name() + ".exp.same", 30L);
    }

    @Test
    void theReplaySummaryShowsCacheHitsAndModelCalls() {
        assertThat(sameRun.format()).contains("cache hits     30").contains("model calls    0");
    }

    @Test
    void aChangedScorerReplaysThePostsInRangeWithoutTheModel() {
        assertThat(vaderRun.totalIn()).isEqualTo(30);
        assertThat(vaderRun.modelCalls()).isZero();
        assertThat(vaderScored).extracting(ScoredPost::postId).containsExactlyInAnyOrderElementsOf(inRange);
    }

    @Test
    void aChangedScorerScoresWithTheLocalScorer() {
        assertThat(vaderScored).allSatisfy(s -> assertThat(s.scorer()).doesNotStartWith("llm:"));
    }

    @Test
    void replaysLeaveProductionUntouched() {
        assertThat(productionIdsAfterReplays).hasSize(POSTS);
        assertThat(productionTopicsAfterReplays).isEqualTo(productionTopicsBefore);
        assertThat(callsAfterVader).isEqualTo(productionCalls);
    }

    @Test
    void compareCountsThePostsOfEachRunAndThoseInBoth() {
        assertThat(changed.row("posts scored (all)").a()).isEqualTo("60");
        assertThat(changed.row("posts compared (in both)").a()).isEqualTo("30");
    }

    @Test
    void compareShowsTheChangedScorerAsARealDifference() {
        assertThat(changed.row("same sentiment label per post").a()).startsWith("66.7% (20 of 30");
        assertThat(changed.test("input sentiment score", "Kolmogorov-Smirnov").significant()).isTrue();
        assertThat(changed.test("input sentiment label", "chi-square").significant()).isTrue();
    }

    @Test
    void compareFindsTheUnchangedReplayInAgreementWithProduction() {
        assertThat(unchanged.row("same sentiment label per post").a()).startsWith("100.0%");
        assertThat(unchanged.tests()).noneMatch(Comparison.TestRow::significant);
    }

    @Test
    void runningAReplayAgainResumesWithNothingWrittenTwice() {
        assertThat(again.alreadyComplete()).isTrue();
        assertThat(vaderRecordsAfterAgain).isEqualTo(30);
    }

    @Test
    void resetStartsTheReplayOverCleanly() {
        assertThat(reset.alreadyComplete()).isFalse();
        assertThat(reset.resumed()).isFalse();
        assertThat(reset.totalIn()).isEqualTo(30);
        assertThat(vaderRecordsAfterReset).isEqualTo(30);
    }

    @Test
    void compareWritesHtmlWithCharts() {
        assertThat(compareHtml.code).isEqualTo(ExitCodes.OK);
        assertThat(html).contains("<svg").contains("real");
    }

    @Test
    void theExperimentListNamesEveryExperiment() {
        assertThat(list.out).contains("same").contains("vader");
    }

    @Test
    void deletingAnExperimentRemovesItAndItsTopics() {
        assertThat(delete.code).isEqualTo(ExitCodes.OK);
        assertThat(experimentsAfterDelete).containsExactly("vader");
        assertThat(experimentTopicsAfterDelete).noneMatch(t -> t.endsWith(".exp.same") || t.startsWith(sameApplicationId));
    }

    @Test
    void deletingAnExperimentLeavesProductionsTopics() {
        assertThat(productionTopicsAfterDelete).isEqualTo(productionTopicsBefore);
    }

    @Test
    void aBadExperimentNameIsAUsageError() {
        assertThat(badName.code).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err).contains("experiment name 'Bad_Name' is not allowed");
    }

    @Test
    void anExperimentMayNotBeNamedProduction() {
        assertThatThrownBy(() -> Experiment.of("production", production)).hasMessageContaining("names the production run");
    }

    private static ReplaySummary replay(Experiment experiment, ReplayRange range, boolean reset) {
        ChorusConfig config = experiment.config(range);
        try (Dependencies deps = Dependencies.open(config)) {
            return new ReplayRunner(experiment, range, RUN_TIMEOUT, Duration.ofMillis(200), p -> { })
                    .run(reset, deps.deps(), deps.registry());
        }
    }

    /** Posts p-0 .. p-59, one a minute from t0, with createdAt and the record timestamp both at that minute. */
    private static void produceFeed(ChorusConfig config, String topic, Instant t0) throws Exception {
        try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
            for (int i = 0; i < POSTS; i++) {
                Instant at = t0.plus(i, ChronoUnit.MINUTES);
                String text = i % 3 == 0 ? "a good day number " + i : i % 3 == 1 ? "a bad day number " + i : "post number " + i;
                String json = String.format("{\"schemaVersion\":1,\"id\":\"p-%d\",\"authorId\":\"u-%d\",\"text\":\"%s\",\"createdAt\":\"%s\"}",
                        i, i % 7, text, at);
                producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), ("u-" + i % 7).getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private List<ScoredPost> scored(ChorusConfig config, String topic) {
        return TopicReader.readAll(config.bootstrapServers(), topic).stream().map(r -> scoredSerde.fromBytes(r.value())).toList();
    }

    private List<String> postIds(ChorusConfig config, String topic) {
        return scored(config, topic).stream().map(ScoredPost::postId).toList();
    }

    /** Every topic of this test's production configuration (experiment and internal topics excluded). */
    private static Set<String> productionTopics(ChorusConfig config) {
        Set<String> names = new TreeSet<>(Topics.from(config).names().values());
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            names.retainAll(Experiments.topicNames(admin));
        }
        return names;
    }

    private record Cli(int code, String out, String err) {
    }

    /** Runs a command as the chorus CLI would (its error handling included), with this test's settings. */
    private static Cli cli(Object command, ChorusConfig config, String... args) {
        CommandLine root = ChorusCli.commandLine();
        String name = command.getClass().getAnnotation(CommandLine.Command.class).name();
        if (!root.getSubcommands().containsKey(name)) {
            root.addSubcommand(name, command);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        root.setOut(new PrintWriter(out));
        root.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>();
        all.add(name);
        all.addAll(List.of(args));
        config.originals().forEach((k, v) -> {
            all.add("--set");
            all.add(k + "=" + v);
        });
        int code = root.execute(all.toArray(String[]::new));
        return new Cli(code, out.toString(), err.toString());
    }
}
