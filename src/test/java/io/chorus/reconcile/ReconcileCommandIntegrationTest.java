package io.chorus.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.cli.ChorusCli;
import io.chorus.config.ChorusConfig;
import io.chorus.sentiment.VaderSentimentScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.testing.SharedBroker;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Proves that {@code chorus reconcile} balances a clean run on a real broker (exit 0) and finds outputs that the
 * broker deleted (exit 1, the missing posts listed), as a data engineer would run it against their own cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconcileCommandIntegrationTest {

    private static final int POSTS = 60;

    private ReconcileReport settled;
    private Run clean;
    private long deleted;
    private Run gap;
    private long gapInTheReport;
    private String scoredPartition;

    /** The scenario runs once: a clean run reconciled, then one scored partition deleted and reconciled again. */
    @BeforeAll
    void runCleanThenDeleteOutputs() throws Exception {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.HTTP_ENABLED, false,
                ChorusConfig.GENERATION_MODEL, "offline", ChorusConfig.BEHAVIOR_ENABLED, false));
        Topics topics = Topics.from(config);
        ChorusApp.ensureTopics(config);
        Instant from = Instant.now().minusSeconds(1);
        TopologyDeps deps = new TopologyDeps(new VaderSentimentScorer(), Clock.systemUTC()).withCommunities(new KeywordEmbedder(), List.of());
        try (ChorusApp app = ChorusApp.start(config, deps, false);
             var producer = FeedProducer.producer(config.kafkaClientProps())) {
            app.awaitRunning(Duration.ofSeconds(60));
            for (int u = 0; u < 5; u++) {
                FeedProducer.produceOne(producer, topics.profiles.name(), "u-" + u, ("{\"schemaVersion\":1,\"userId\":\"u-" + u
                        + "\",\"name\":\"User " + u + "\",\"bio\":\"" + (u % 2 == 0 ? "gamer and streamer" : "investor, markets") + "\"}").getBytes());
            }
            for (int i = 0; i < POSTS; i++) {
                FeedProducer.produceOne(producer, topics.posts.name(), "u-" + (i % 5), ("{\"schemaVersion\":1,\"id\":\"p-" + i
                        + "\",\"authorId\":\"u-" + (i % 5) + "\",\"text\":\"post " + i + " is " + (i % 2 == 0 ? "great" : "awful") + "\"}").getBytes());
            }
            FeedProducer.produceOne(producer, topics.posts.name(), "u-1", "{\"schemaVersion\":1,\"id\":\"p-bad\"".getBytes());
            FeedProducer.produceOne(producer, topics.posts.name(), "u-1", "{\"schemaVersion\":1,\"id\":\"p-x\",\"authorId\":\"u-1\",\"text\":7}".getBytes());

            Reconciler reconciler = new Reconciler(config, Clock.systemUTC());
            ReconcileReport[] last = new ReconcileReport[1];
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                last[0] = reconciler.run(Reconciler.Options.of(from, null));
                return last[0].pending() == 0;
            });
            settled = last[0];

            clean = cli(config, "--from", from.toString());
            System.out.println(clean.out());

            TopicPartition partition = busiestPartition(config, topics.scored.name());
            scoredPartition = topics.scored.name() + "-" + partition.partition();
            deleted = deleteAll(config, partition);

            gap = cli(config, "--from", from.toString());
            System.out.println(gap.out());
            gapInTheReport = reconciler.run(Reconciler.Options.of(from, null)).stage("posts").gap();
        }
    }

    @Test
    void countsEveryPostInIncludingTheBadOnes() {
        assertThat(settled.stage("posts").in()).isEqualTo(POSTS + 2);
    }

    @Test
    void countsTheBadPostsDeadLettersByReason() {
        assertThat(settled.stage("posts").deadLettersByReason()).containsOnlyKeys("MALFORMED_JSON", "WRONG_TYPE");
    }

    @Test
    void aCleanRunIsBalancedWithExitZero() {
        assertThat(clean.exit()).as(clean.out()).isZero();
        assertThat(clean.out()).contains("Balanced");
    }

    @Test
    void theScenarioDeletesSomeOutputs() {
        assertThat(deleted).isPositive();
    }

    @Test
    void deletedOutputsAreNotBalancedWithExitOneNamingTheMissingAndWhereTheyWere() {
        assertThat(gap.exit()).as(gap.out()).isEqualTo(1);
        assertThat(gap.out()).contains("NOT BALANCED").contains(deleted + " missing (neither output nor dead letter)")
                .contains(scoredPartition + " starts at offset");
    }

    @Test
    void theReportsGapIsTheNumberOfDeletedOutputs() {
        assertThat(gapInTheReport).isEqualTo(deleted);
    }

    record Run(int exit, String out) {
    }

    private static Run cli(ChorusConfig config, String... extra) {
        List<String> args = new ArrayList<>(List.of("reconcile"));
        config.originals().forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        var cli = ChorusCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString());
    }

    private static TopicPartition busiestPartition(ChorusConfig config, String topic) throws Exception {
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .max(Map.Entry.comparingByValue((a, b) -> Long.compare(a.offset(), b.offset()))).orElseThrow().getKey();
        }
    }

    /** Deletes every record of the partition, as time-based retention does; returns how many data records went. */
    private static long deleteAll(ChorusConfig config, TopicPartition partition) throws Exception {
        long before = io.chorus.testing.TopicReader.readAll(config.bootstrapServers(), partition.topic()).stream()
                .filter(r -> r.partition() == partition.partition()).count();
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(end))).all().get();
        }
        return before;
    }
}
