package io.chorus.app;

import io.chorus.config.ChorusConfig;
import io.chorus.kafka.EmbeddedKafkaBroker;
import io.chorus.sentiment.SentimentLabel;
import io.chorus.topics.TopicId;
import io.chorus.topics.TopicSpecs;
import io.chorus.topics.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code chorus demo}: embedded broker (or an existing cluster), topics, the bundled sample feed, the pipeline,
 * progress while it works, a summary, and a clean stop at the end of the sample, after {@code --duration}, or on
 * Ctrl-C ({@link #requestStop()}).
 */
public final class Demo {

    /** What the demo did, for the summary and for tests. */
    public record Summary(int postsSent, long scored, long positive, long neutral, long negative, double meanScore,
                          long deadLetters, Map<String, Long> deadLettersByReason, Map<String, Long> generatedByType,
                          boolean completed, Duration took) {
    }

    private final ChorusConfig baseConfig;
    private final boolean embedded;
    private final Duration duration;
    private final PrintWriter out;
    private final CountDownLatch stop = new CountDownLatch(1);

    /**
     * @param baseConfig settings; bootstrap.servers is used only when {@code embedded} is false
     * @param duration   stop after this long even if the sample is not done; null to stop at the end of the sample
     */
    public Demo(ChorusConfig baseConfig, boolean embedded, Duration duration, PrintWriter out) {
        this.baseConfig = baseConfig;
        this.embedded = embedded;
        this.duration = duration;
        this.out = out;
    }

    /** Asks a running demo to stop cleanly (Ctrl-C); safe from any thread. */
    public void requestStop() {
        stop.countDown();
    }

    public Summary run() throws InterruptedException {
        long started = System.nanoTime();
        EmbeddedKafkaBroker broker = null;
        Path stateDir = null;
        try {
            if (embedded) {
                say("Starting an embedded Kafka broker (single-node KRaft, loopback)...");
                broker = EmbeddedKafkaBroker.start();
                say("  broker ready at " + broker.bootstrapServers());
            }
            stateDir = Files.createTempDirectory("chorus-demo-state-");
            Map<String, Object> overrides = new HashMap<>();
            if (broker != null) {
                overrides.put(ChorusConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            }
            overrides.put(ChorusConfig.APPLICATION_ID, baseConfig.applicationId() + "-demo-" + System.currentTimeMillis());
            overrides.put(ChorusConfig.STATE_DIR, stateDir.toString());
            if (baseConfig.getString(ChorusConfig.COMMUNITIES_SEEDS_FILE).isBlank()) {
                // The sample campaigns name five audiences; seed them as operator-defined communities (discovery adds others).
                Path seeds = stateDir.resolve("sample-communities.json");
                try (var in = SampleFeed.class.getResourceAsStream("/sample/communities.json")) {
                    Files.copy(in, seeds);
                }
                overrides.put(ChorusConfig.COMMUNITIES_SEEDS_FILE, seeds.toString());
                say("Seeding the five operator-defined communities the sample campaigns name (sample/communities.json)");
            }
            if (!baseConfig.originals().containsKey(ChorusConfig.HTTP_PORT) && !portFree(baseConfig.getInt(ChorusConfig.HTTP_PORT))) {
                overrides.put(ChorusConfig.HTTP_PORT, 0); // the default port is taken: any free one will do for a demo
            }
            ChorusConfig config = baseConfig.with(overrides);
            Topics topics = Topics.from(config);

            say("Creating topics from topics/ ...");
            var outcomes = ChorusApp.ensureTopics(config);
            say("  " + outcomes.size() + " topics ready (" + outcomes.values().stream().filter(o -> o == io.chorus.topics.TopicAdmin.Outcome.CREATED).count() + " created)");

            try (OutputTally tally = new OutputTally(config.kafkaClientProps(), topics.scored.name(), topics.dlq.name(),
                    List.of(topics.replies.name(), topics.captions.name()), topics.name(TopicId.ENRICHED));
                 Dependencies dependencies = Dependencies.open(config);
                 ChorusApp app = ChorusApp.start(config, dependencies.deps(), false, dependencies.registry())) {
                if (app.httpUrl() != null) {
                    say("Dashboard: " + app.httpUrl() + "   (API under /api, Prometheus metrics at /metrics)");
                }
                loadPeople(config, topics);
                if (config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED)) {
                    awaitCommunities(config, topics, SampleFeed.lineCount(SampleFeed.PROFILES));
                }
                int posts = loadPosts(config, topics);
                say("Pipeline running (application id " + config.applicationId() + "); scoring " + posts + " posts...");
                boolean completed = awaitCompletion(tally, posts, topics.posts.name());
                if (completed && config.getBoolean(ChorusConfig.GENERATION_ENABLED) && config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED)) {
                    awaitGeneration(tally);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                Summary summary = new Summary(posts, tally.scored(), tally.byLabel(SentimentLabel.POSITIVE),
                        tally.byLabel(SentimentLabel.NEUTRAL), tally.byLabel(SentimentLabel.NEGATIVE), tally.meanScore(),
                        tally.deadLetters(), tally.deadLettersByReason(), tally.generatedByType(), completed, took);
                printSummary(summary, topics);
                tally.examples().forEach(g -> say(String.format("    e.g. %-9s for %s (campaign %s, bridge '%s'): %s", g.contentType().wireName(),
                        g.postId(), g.campaignId(), g.bridge(), g.text())));
                say("Stopping...");
                return summary;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (stateDir != null) {
                deleteQuietly(stateDir);
            }
            say("Stopped cleanly.");
        }
    }

    private void loadPeople(ChorusConfig config, Topics topics) throws IOException {
        TopicSpecs specs = TopicSpecs.load(config.getString(ChorusConfig.TOPICS_DIR));
        try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
            int profiles = produce(producer, topics, specs, TopicId.PROFILES, SampleFeed.PROFILES);
            int campaigns = produce(producer, topics, specs, TopicId.CAMPAIGNS, SampleFeed.CAMPAIGNS);
            int follows = produce(producer, topics, specs, TopicId.FOLLOWS, SampleFeed.FOLLOWS);
            say("Loaded the sample people: " + profiles + " profiles, " + campaigns + " campaigns, " + follows + " follows");
        }
    }

    private int loadPosts(ChorusConfig config, Topics topics) throws IOException {
        TopicSpecs specs = TopicSpecs.load(config.getString(ChorusConfig.TOPICS_DIR));
        try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
            int posts = produce(producer, topics, specs, TopicId.POSTS, SampleFeed.POSTS);
            say("Loaded " + posts + " sample posts (including a few deliberately bad records)");
            return posts;
        }
    }

    /** Waits until every profile has a community (so posts are enriched), then lists the communities found. */
    private void awaitCommunities(ChorusConfig config, Topics topics, int profiles) throws InterruptedException {
        say("Discovering communities from " + profiles + " profiles (all-MiniLM-L6-v2 embeddings, online clustering)...");
        var assignmentSerde = topics.assignments.valueSerde();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int assigned = 0;
        while (System.nanoTime() < deadline && !stop.await(0, TimeUnit.MILLISECONDS)) {
            assigned = TopicSnapshot.latestByKey(config.kafkaClientProps(), topics.assignments.name(),
                    b -> assignmentSerde.deserializer().deserialize(null, b)).size();
            if (assigned >= profiles) {
                break;
            }
            Thread.sleep(250); // polling a topic for a count; bounded by the deadline
        }
        var serde = topics.communities.valueSerde();
        var communities = TopicSnapshot.latestByKey(config.kafkaClientProps(), topics.communities.name(),
                b -> serde.deserializer().deserialize(null, b));
        say("  " + assigned + "/" + profiles + " profiles assigned to " + communities.size() + " communities:");
        communities.values().stream().sorted((a, b) -> Long.compare(b.size(), a.size()))
                .forEach(c -> say(String.format("    %-6s %4d members  %s", c.id(), c.size(), c.label())));
    }

    private static int produce(org.apache.kafka.clients.producer.Producer<byte[], byte[]> producer, Topics topics,
                               TopicSpecs specs, TopicId id, String file) throws IOException {
        try (BufferedReader reader = SampleFeed.open(file)) {
            return FeedProducer.produceLines(producer, topics.name(id), specs.get(id).keyField(), reader);
        }
    }

    private boolean awaitCompletion(OutputTally tally, int posts, String postsTopic) throws InterruptedException {
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        long lastPrint = 0;
        while (true) {
            tally.poll(Duration.ofMillis(200));
            long done = tally.scored() + tally.deadLettersFrom(postsTopic);
            if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(1) || done >= posts) {
                say(String.format("  progress: %d/%d posts (%.0f%%): %d scored, %d dead-lettered", done, posts,
                        100.0 * done / Math.max(1, posts), tally.scored(), tally.deadLettersFrom(postsTopic)));
                lastPrint = System.nanoTime();
            }
            if (done >= posts && duration == null) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                say("  --duration reached");
                return done >= posts;
            }
            if (stop.await(0, TimeUnit.MILLISECONDS)) {
                say("  interrupted: stopping early");
                return done >= posts;
            }
        }
    }

    /**
     * Generation runs in the same transaction as enrichment: once every scored post is visible on the enriched topic,
     * all generation for the sample has been committed too (bounded at 120 s).
     */
    private void awaitGeneration(OutputTally tally) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (tally.enriched() < tally.scored() && System.nanoTime() < deadline && !stop.await(0, TimeUnit.MILLISECONDS)) {
            tally.poll(Duration.ofMillis(250));
        }
        tally.poll(Duration.ofMillis(500));
        say("  enriched " + tally.enriched() + "/" + tally.scored() + " scored posts with their author's community; generated "
                + tally.generated() + " pieces of content for the sample campaigns " + tally.generatedByType());
    }

    private void printSummary(Summary s, Topics topics) {
        say("");
        say("Summary" + (s.completed() ? "" : " (stopped before the end of the sample)"));
        say(String.format("  posts read          %6d  (from %s)", s.postsSent(), topics.posts.name()));
        say(String.format("  posts scored        %6d  (to %s, mean score %.1f)", s.scored(), topics.scored.name(), s.meanScore()));
        say(String.format("    positive          %6d", s.positive()));
        say(String.format("    neutral           %6d", s.neutral()));
        say(String.format("    negative          %6d", s.negative()));
        say(String.format("  dead letters        %6d  (to %s) %s", s.deadLetters(), topics.dlq.name(), s.deadLettersByReason()));
        say(String.format("  generated content   %6d  (to %s, %s) %s", s.generatedByType().values().stream().mapToLong(Long::longValue).sum(),
                topics.replies.name(), topics.captions.name(), s.generatedByType()));
        say(String.format("  time                %6.1f s", s.took().toMillis() / 1000.0));
        if (duration == null) {
            say("  (the dashboard stops with the demo; run with --duration 5m to keep it up, or 'chorus run' against a broker)");
        }
    }

    private static boolean portFree(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary state only
        }
    }
}
