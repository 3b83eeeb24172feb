package io.chorus.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.cli.ChorusCli;
import io.chorus.community.OnnxProfileEmbedder;
import io.chorus.config.ChorusConfig;
import io.chorus.imports.ImportResult;
import io.chorus.imports.ImportedRecord;
import io.chorus.imports.ProfileExports;
import io.chorus.imports.TweetExports;
import io.chorus.reconcile.ReconcileReport;
import io.chorus.reconcile.Reconciler;
import io.chorus.sentiment.VaderSentimentScorer;
import io.chorus.testing.SharedBroker;
import io.chorus.testing.TopicReader;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Proves on the real broker (exactly_once_v2, the real embedding model) that the real exports, imported with
 * {@code chorus import}, and then the hostile corpus, run through the whole pipeline as a backlog and at a steady
 * rate with every record accounted for by {@code chorus reconcile}'s code and no stream thread dying, being replaced
 * or fenced, and no record skipped in the log.
 */
class RealAndHostilePipelineIntegrationTest {

    /** Slightly under the producer's and broker's 1 MiB limit, so the input fits and what Chorus writes from it may not. */
    private static final int NEAR_MIB = (1 << 20) - 8 * 1024;

    @Test
    void realExportsAsABacklogAndAtASteadyRateAreAllAccountedFor() throws Exception {
        run(false);
    }

    @Test
    void realExportsAndTheHostileCorpusAreAllAccountedForWithoutAThreadDying() throws Exception {
        run(true);
    }

    private void run(boolean hostile) throws Exception {
        // A backfill of years of history in any order: the documented policy is backfill mode for the aggregates, so
        // that no post is skipped as late (without it they are counted as late, by design, and this test would fail).
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.HTTP_ENABLED, false, ChorusConfig.GENERATION_MODEL, "offline",
                ChorusConfig.PROCESSING_GUARANTEE, "exactly_once_v2", ChorusConfig.STATS_BACKFILL_ENABLED, true));
        Topics topics = Topics.from(config);
        ChorusApp.ensureTopics(config);
        Instant from = Instant.now().minusSeconds(1);
        Path fixtures = fixtures();
        List<Path> tweetFiles = csv(fixtures, "TwExportly_");
        List<Path> profileFiles = csv(fixtures, "TwFollow_");

        // Backlog: the profiles and half of the tweet files go in before the instance starts, through the CLI.
        assertThat(cli(config, "import", "profiles", "--file", profileFiles.get(0).toString(), "--file", profileFiles.get(1).toString(),
                "--file", profileFiles.get(2).toString())).isZero();
        List<Path> backlog = tweetFiles.subList(0, tweetFiles.size() / 2);
        List<Path> steady = tweetFiles.subList(tweetFiles.size() / 2, tweetFiles.size());
        List<String> backlogArgs = new ArrayList<>(List.of("import", "tweets"));
        backlog.forEach(f -> backlogArgs.addAll(List.of("--file", f.toString())));
        assertThat(cli(config, backlogArgs.toArray(String[]::new))).isZero();
        ImportResult steadyTweets = TweetExports.read(steady, null);
        assertThat(steadyTweets.badRows()).isEmpty();
        ImportResult profiles = ProfileExports.read(profileFiles);

        TopologyDeps deps = new TopologyDeps(new VaderSentimentScorer(), Clock.systemUTC()).withCommunities(new OnnxProfileEmbedder(OnnxProfileEmbedder.Model.E5), List.of());
        try (StreamsWatch watch = new StreamsWatch(config, deps);
             Producer<byte[], byte[]> producer = FeedProducer.producer(config.kafkaClientProps())) {
            await().atMost(Duration.ofSeconds(90)).until(watch::isRunning);
            List<ProducerRecord<byte[], byte[]>> live = new ArrayList<>();
            for (ImportedRecord r : steadyTweets.records()) {
                live.add(new ProducerRecord<>(topics.posts.name(), r.key().getBytes(StandardCharsets.UTF_8), r.value()));
            }
            if (hostile) {
                live.addAll(hostileRecords(topics));
            }
            // Steady rate: 20 records every 100 ms (about 200 a second) while the instance runs.
            AtomicInteger next = new AtomicInteger();
            var pacer = Executors.newSingleThreadScheduledExecutor();
            var ticks = pacer.scheduleAtFixedRate(() -> {
                for (int i = 0; i < 20 && next.get() < live.size(); i++) {
                    producer.send(live.get(next.getAndIncrement()));
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> next.get() >= live.size());
            } finally {
                ticks.cancel(false);
                pacer.shutdown();
            }
            producer.flush();

            Reconciler reconciler = new Reconciler(config, Clock.systemUTC());
            ReconcileReport[] last = new ReconcileReport[1];
            try {
                await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    last[0] = reconciler.run(Reconciler.Options.of(from, null));
                    return last[0].pending() == 0;
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                System.out.println("RealAndHostilePipelineIntegrationTest: inputs still pending after 240 s");
            } finally {
                if (last[0] != null) {
                    StringWriter table = new StringWriter();
                    last[0].print(new PrintWriter(table));
                    System.out.println("RealAndHostilePipelineIntegrationTest (hostile=" + hostile + "):\n" + table);
                }
                System.out.println("RealAndHostilePipelineIntegrationTest problems: " + watch.problems());
            }
            assertThat(watch.problems()).as("thread deaths, fencing, skipped records").isEmpty();
            assertThat(last[0].pending()).as("inputs still pending").isZero();
            assertThat(last[0].gaps()).as("records missing").isZero();
            assertThat(last[0].duplicates()).as("records output twice").isZero();
            long tweets = steadyTweets.records().size() + TweetExports.read(backlog, null).records().size();
            assertThat(last[0].stage("posts").in()).isGreaterThanOrEqualTo(tweets);

            Set<String> assigned = TopicReader.readAll(config.bootstrapServers(), topics.assignments.name()).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
            assertThat(profiles.records().stream().map(ImportedRecord::key).filter(k -> !assigned.contains(k)).toList())
                    .as("real profiles without a community").isEmpty();
        }
    }

    /** Records of the hostile corpus for every input topic, each chosen to hit one edge. */
    private static List<ProducerRecord<byte[], byte[]>> hostileRecords(Topics topics) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        int n = 0;
        Map<String, String> texts = new java.util.TreeMap<>(HostileCorpus.TEXTS);
        texts.put("one-mib", "x".repeat(NEAR_MIB));
        texts.put("one-mib-emoji", "\uD83D\uDE00".repeat(NEAR_MIB / 4 - 16));
        for (var t : texts.entrySet()) {
            ObjectNode post = HostileCorpus.post("hostile-" + (++n), "hostile-author");
            post.put("text", t.getValue());
            out.add(record(topics.posts.name(), "hostile-author", HostileCorpus.bytes(post)));
            ObjectNode profile = HostileCorpus.profile("hostile-user-" + n);
            for (String f : List.of("name", "bio")) {
                profile.put(f, t.getValue().length() > 100_000 ? t.getValue().substring(0, NEAR_MIB / 3) : t.getValue());
            }
            out.add(record(topics.profiles.name(), "hostile-user-" + n, HostileCorpus.bytes(profile)));
            ObjectNode follow = HostileCorpus.follow("hostile-author");
            ((ObjectNode) follow.get("followed")).put("bio", t.getValue().length() > 100_000 ? "long" : t.getValue());
            out.add(record(topics.follows.name(), "hostile-author", HostileCorpus.bytes(follow)));
        }
        for (String date : HostileCorpus.DATES) {
            ObjectNode post = HostileCorpus.post("hostile-date-" + (++n), "hostile-author");
            post.put("createdAt", date);
            out.add(record(topics.posts.name(), "hostile-author", HostileCorpus.bytes(post)));
        }
        for (HostileCorpus.Raw raw : HostileCorpus.rawValues()) {
            out.add(record(topics.posts.name(), "hostile-author", raw.value()));
            out.add(record(topics.profiles.name(), "hostile-user-raw-" + (++n), raw.value()));
            out.add(record(topics.follows.name(), "hostile-author", raw.value()));
            out.add(record(topics.campaigns.name(), "hostile-campaign-raw-" + n, raw.value()));
        }
        for (String wrong : HostileCorpus.WRONG_TYPES) {
            String post = HostileCorpus.post("hostile-wrong-" + (++n), "hostile-author").toString().replace("\"what a good day for a walk\"", wrong);
            out.add(record(topics.posts.name(), "hostile-author", post.getBytes(StandardCharsets.UTF_8)));
            ObjectNode campaign = HostileCorpus.campaign("hostile-campaign-" + n);
            String c = campaign.toString().replace("\"perAuthorDailyCap\":2", "\"perAuthorDailyCap\":" + wrong);
            out.add(record(topics.campaigns.name(), "hostile-campaign-" + n, c.getBytes(StandardCharsets.UTF_8)));
        }
        out.add(new ProducerRecord<>(topics.posts.name(), null, HostileCorpus.bytes(HostileCorpus.post("hostile-nokey", "hostile-author"))));
        out.add(record(topics.posts.name(), "hostile-author", null));
        out.add(record(topics.profiles.name(), "hostile-user-1", null));
        out.add(record(topics.follows.name(), "hostile-author", null));
        out.add(record(topics.campaigns.name(), "hostile-campaign-gone", null));
        return out;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static int cli(ChorusConfig config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        config.originals().forEach((k, v) -> {
            all.add("--set");
            all.add(k + "=" + v);
        });
        StringWriter out = new StringWriter();
        var cli = ChorusCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(all.toArray(String[]::new));
        System.out.println("chorus " + String.join(" ", List.of(args).subList(0, 2)) + ": exit " + exit + "\n" + out);
        return exit;
    }

    static Path fixtures() throws URISyntaxException {
        return Path.of(RealAndHostilePipelineIntegrationTest.class.getResource("/real-exports/README.md").toURI()).getParent();
    }

    static List<Path> csv(Path dir, String prefix) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }
}
