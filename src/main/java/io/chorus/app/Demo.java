package io.chorus.app;

import io.chorus.config.ChorusConfig;
import io.chorus.listening.ListeningDigest;
import io.chorus.listening.ListeningStage;
import io.chorus.model.SentimentAlert;
import io.chorus.model.TrendReport;
import io.chorus.kafka.EmbeddedKafkaBroker;
import io.chorus.model.Community;
import io.chorus.model.SentimentLabel;
import io.chorus.topics.TopicAdmin;
import io.chorus.config.TopicId;
import io.chorus.topics.TopicSpecs;
import io.chorus.topics.Topics;
import io.chorus.aggregate.WindowSizes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@code chorus demo}: embedded broker (or an existing cluster), topics, the bundled sample feed, the pipeline, and a
 * short story of what each stage does and when it is done, then a summary and what to try next. Stops cleanly at the
 * end of the sample, after {@code --duration}, or on Ctrl-C ({@link #requestStop()}).
 *
 * <p>The sample was written on 2026-11-01 between 08:00 and 14:00 UTC. The demo moves every time in it (posts'
 * {@code createdAt}, campaigns' active window) forward by whole days, so that the newest post is less than a day old:
 * topics with a seven-day retention would otherwise delete the outputs, whose timestamps are the posts' own times,
 * within a minute, and the campaigns' window would close one day. Whole days keep the times of day, the spacing and
 * the per-day caps, so every run gives the same results.
 *
 * <p>The six hours of posts arrive in seconds, and each of the three partitions is processed at its own pace, so the
 * windowed aggregates see event time go back and forth by up to the sample's span. Unless {@code stats.grace.ms} is
 * set, the demo gives the windows a grace period as long as the sample, so every post is counted in its window
 * instead of being dropped as late.
 */
public final class Demo {

    /** What the demo did, for the summary and for tests. */
    public record Summary(int postsSent, long scored, long positive, long neutral, long negative, double meanScore,
                          long deadLetters, Map<String, Long> deadLettersByReason, Map<String, Long> generatedByType,
                          boolean completed, Duration took) {
    }

    private static final List<String> TIME_FIELDS = List.of("createdAt", "activeFrom", "activeTo");
    private static final Duration STAGE_TIMEOUT = Duration.ofSeconds(300); // generous: a busy machine is slow, not broken
    private static final int STAGES = 8;
    private static final Map<String, Object> LISTENING_DEFAULTS = Map.of(ChorusConfig.LISTENING_WINDOW, "30m",
            ChorusConfig.LISTENING_LATENESS_MS, Duration.ofHours(3).toMillis(), ChorusConfig.ALERTS_MIN_POSTS, 5,
            ChorusConfig.TRENDS_MIN_COUNT, 4);

    private final ChorusConfig baseConfig;
    private final boolean embedded;
    private final Duration duration;
    private final PrintWriter out;
    private final boolean terminal;
    private final CountDownLatch stop = new CountDownLatch(1);
    private long deadline = Long.MAX_VALUE;
    /** The media store of this run (content cards of the sample's image campaign), for the summary. */
    private Path mediaDir;
    private String mediaKind = "offline content cards";
    private String openLine; // the progress line shown in place on a terminal, or null
    private String lastProgress;
    private boolean halfwayShown;

    /**
     * @param baseConfig settings; bootstrap.servers is used only when {@code embedded} is false
     * @param duration   keep running this long (the dashboard stays up); null to stop at the end of the sample
     */
    public Demo(ChorusConfig baseConfig, boolean embedded, Duration duration, PrintWriter out) {
        this(baseConfig, embedded, duration, out, false);
    }

    /** @param terminal {@code out} is a terminal: progress is one line updated in place, otherwise plain lines */
    public Demo(ChorusConfig baseConfig, boolean embedded, Duration duration, PrintWriter out, boolean terminal) {
        this.baseConfig = baseConfig;
        this.embedded = embedded;
        this.duration = duration;
        this.out = out;
        this.terminal = terminal;
    }

    /** Asks a running demo to stop cleanly (Ctrl-C); safe from any thread. */
    public void requestStop() {
        stop.countDown();
    }

    public Summary run() throws InterruptedException {
        long started = System.nanoTime();
        if (duration != null) {
            deadline = started + duration.toNanos();
        }
        EmbeddedKafkaBroker broker = null;
        Path seeds = null;
        Path stateDir = null;
        Path demoMedia = null;
        try {
            if (embedded) {
                stage(1, "Broker", "starting a single-node Kafka broker (KRaft) on 127.0.0.1, in this process...");
                long t = System.nanoTime();
                broker = EmbeddedKafkaBroker.start();
                done("ready at " + broker.bootstrapServers() + " in " + seconds(t));
            } else {
                stage(1, "Broker", "using the cluster at " + baseConfig.bootstrapServers());
            }
            Map<String, Object> overrides = new HashMap<>();
            if (broker != null) {
                overrides.put(ChorusConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            }
            overrides.put(ChorusConfig.APPLICATION_ID, baseConfig.applicationId() + "-demo-" + System.currentTimeMillis());
            if (baseConfig.getString(ChorusConfig.COMMUNITIES_SEEDS_FILE).isBlank()) {
                // The sample campaigns name five audiences; seed them as operator-defined communities (discovery adds others).
                seeds = Files.createTempFile("chorus-demo-communities-", ".json");
                try (var in = SampleFeed.class.getResourceAsStream("/sample/communities.json")) {
                    Files.copy(in, seeds, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                overrides.put(ChorusConfig.COMMUNITIES_SEEDS_FILE, seeds.toString());
            }
            if (!baseConfig.originals().containsKey(ChorusConfig.MEDIA_DIR)) {
                // The demo's records go with its broker, so its offline content cards go with its state.
                demoMedia = Files.createTempDirectory("chorus-demo-media-");
                overrides.put(ChorusConfig.MEDIA_DIR, demoMedia.toString());
            }
            Duration shift = sampleShift(Instant.now());
            Duration sampleSpan = sampleSpan();
            if (!baseConfig.originals().containsKey(ChorusConfig.STATS_GRACE_MS)) {
                overrides.put(ChorusConfig.STATS_GRACE_MS, sampleSpan.plusMinutes(1).toMillis());
            }
            // Social listening on the sample's six hours: half-hour windows (about ten posts per community each), judged
            // three hours behind the newest post, since the sample's hours arrive at once and interleave by up to a
            // couple of hours across partitions; the sample's gamers turn negative from 09:30 to 10:30 (a botched patch).
            LISTENING_DEFAULTS.forEach((key, value) -> {
                if (!baseConfig.originals().containsKey(key)) {
                    overrides.put(key, value);
                }
            });
            if (!baseConfig.originals().containsKey(ChorusConfig.HTTP_PORT) && !portFree(baseConfig.getInt(ChorusConfig.HTTP_PORT))) {
                overrides.put(ChorusConfig.HTTP_PORT, 0); // the default port is taken: any free one will do for a demo
            }
            ChorusConfig config = StateDirectory.resolve(baseConfig.with(overrides));
            mediaDir = config.mediaDir();
            mediaKind = "llm".equals(config.getString(ChorusConfig.MEDIA_IMAGE_MODEL))
                    ? "images from " + config.getString(ChorusConfig.LLM_IMAGE_MODEL) : "offline content cards";
            stateDir = ChorusApp.stateDir(config);
            Topics topics = Topics.from(config);

            stage(2, "Topics", "creating the topics described in topics/ (partitions, retention, schema)...");
            var outcomes = ChorusApp.ensureTopics(config);
            done(outcomes.size() + " ready (" + outcomes.values().stream().filter(o -> o == TopicAdmin.Outcome.CREATED).count()
                    + " created)");

            try (OutputTally tally = new OutputTally(config.kafkaClientProps(), topics.scored.name(), topics.dlq.name(),
                    List.of(topics.replies.name(), topics.captions.name()), topics.name(TopicId.ENRICHED), topics.name(TopicId.STATS));
                 Dependencies dependencies = Dependencies.open(config)) {
                stage(3, "Pipeline", "starting Kafka Streams (application id " + config.applicationId() + ")...");
                try (ChorusApp app = ChorusApp.start(config, dependencies.deps(), false, dependencies.registry())) {
                    app.awaitRunning(STAGE_TIMEOUT);
                    done("running; local state in " + stateDir);
                    if (app.httpUrl() != null) {
                        say("      dashboard at " + app.httpUrl() + " (JSON API under /api, Prometheus metrics at /metrics)");
                    }
                    return runSample(config, topics, tally, shift, sampleSpan, app.httpUrl(), started);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (stateDir != null) {
                // The embedded cluster is gone with its id: remove its whole directory, else only this demo's.
                deleteQuietly(broker != null ? stateDir.getParent() : stateDir);
            }
            if (seeds != null) {
                deleteQuietly(seeds);
            }
            if (demoMedia != null) {
                deleteQuietly(demoMedia);
            }
            say("Stopped cleanly" + (broker != null ? " (broker and demo state removed)." : "."));
        }
    }

    private Summary runSample(ChorusConfig config, Topics topics, OutputTally tally, Duration shift, Duration span,
                              String dashboard, long started) throws IOException, InterruptedException {
        int posts = SampleFeed.lineCount(SampleFeed.POSTS);
        boolean communities = config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED);
        UnaryOperator<String> retime = FeedProducer.shiftTimes(shift, TIME_FIELDS);
        if (communities) {
            int profiles = SampleFeed.lineCount(SampleFeed.PROFILES);
            stage(4, "Communities", "loading " + profiles + " profiles, " + SampleFeed.lineCount(SampleFeed.CAMPAIGNS)
                    + " campaigns and " + SampleFeed.lineCount(SampleFeed.FOLLOWS) + " follows; embedding each bio "
                    + "(" + config.getString(ChorusConfig.COMMUNITIES_EMBEDDING) + ") and clustering, starting from the five audiences the campaigns name...");
            loadPeople(config, topics, retime);
            awaitCommunities(config, topics, profiles);
        } else {
            stage(4, "Communities", "off (communities.enabled=false); loading the campaigns and follows only");
            loadPeople(config, topics, retime);
        }

        Instant firstPost = firstPostTime().plus(shift);
        stage(5, "Scoring", "sending " + posts + " posts written " + range(firstPost, span) + " UTC (8 deliberately bad), "
                + "scoring each 0-100 with " + scorerName(config) + "...");
        long t = System.nanoTime();
        loadPosts(config, topics, retime);
        boolean scoredAll = awaitScoring(tally, posts, topics.posts.name());
        String dead = tally.deadLettersFrom(topics.posts.name()) + " dead-lettered to " + topics.dlq.name()
                + " with their reason " + tally.deadLettersByReason();
        done(scoredAll ? tally.scored() + " scored, " + dead + ", in " + seconds(t)
                : "stopped at " + tally.scored() + " scored, " + dead);

        boolean completed = scoredAll;
        if (scoredAll && communities) {
            boolean generation = config.getBoolean(ChorusConfig.GENERATION_ENABLED);
            stage(6, "Enrichment and generation", "joining each scored post with its author's community"
                    + (generation ? " and writing content for the campaigns whose audience it matches" : "") + "...");
            t = System.nanoTime();
            boolean enrichedAll = awaitEnrichment(tally);
            done(tally.enriched() + "/" + tally.scored() + " posts enriched"
                    + (generation ? "; " + tally.generated() + " pieces of content generated " + tally.generatedByType() : "")
                    + (enrichedAll ? " in " + seconds(t) : " (stopped before the end)"));
            List<String> windows = config.getList(ChorusConfig.STATS_WINDOWS);
            Duration largest = windows.stream().map(WindowSizes::parse).max(Comparator.naturalOrder()).orElse(Duration.ofHours(1));
            stage(7, "Aggregates", "sentiment by community in " + String.join(" and ", windows) + " windows (grace "
                    + human(Duration.ofMillis(config.getLong(ChorusConfig.STATS_GRACE_MS))) + ", as the sample's hours arrive at once)...");
            boolean aggregatedAll = awaitAggregates(tally, largest);
            done(tally.aggregated(largest) + "/" + tally.enriched() + " posts counted in " + tally.windows() + " windows"
                    + (aggregatedAll ? "" : " (stopped before the end)"));
            completed = enrichedAll && aggregatedAll;
            if (new ListeningStage().enabled(config)) {
                stage(8, "Listening", "sentiment-shift alerts and trending terms per community in "
                        + config.getString(ChorusConfig.LISTENING_WINDOW) + " windows, each against the community's own baseline...");
                listening(config, topics, tally);
            }
        }

        if (duration != null && dashboard != null && !stopped() && System.nanoTime() < deadline) {
            say("The dashboard stays up at " + dashboard + " until " + LocalTime.now().plusNanos(deadline - System.nanoTime())
                    .truncatedTo(ChronoUnit.SECONDS) + " (--duration " + human(duration) + "); Ctrl-C stops it earlier.");
            stop.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            tally.poll(Duration.ofMillis(200));
        }
        Summary summary = new Summary(posts, tally.scored(), tally.byLabel(SentimentLabel.POSITIVE),
                tally.byLabel(SentimentLabel.NEUTRAL), tally.byLabel(SentimentLabel.NEGATIVE), tally.meanScore(),
                tally.deadLetters(), tally.deadLettersByReason(), tally.generatedByType(), completed,
                Duration.ofNanos(System.nanoTime() - started));
        printSummary(summary, topics);
        tally.examples().forEach(g -> say(String.format("    e.g. %-9s for %s (campaign %s, bridge '%s'): %s", g.contentType().wireName(),
                g.postId(), g.campaignId(), g.bridge(), g.text())));
        printNext(firstPost, span);
        return summary;
    }

    /** Waits (a little) for the sample's alert, then says what listening found. */
    private void listening(ChorusConfig config, Topics topics, OutputTally tally) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ListeningDigest digest = ListeningDigest.read(config.kafkaClientProps(), topics, Duration.ofSeconds(10));
        while (digest.alerts().isEmpty() && System.nanoTime() < until && !stopped()) {
            tally.poll(Duration.ofMillis(500));
            digest = ListeningDigest.read(config.kafkaClientProps(), topics, Duration.ofSeconds(10));
        }
        StringBuilder found = new StringBuilder(digest.alerts().size() + " alert(s)");
        for (SentimentAlert a : digest.alerts()) {
            var ev = a.evidence();
            found.append(String.format(java.util.Locale.ROOT, "; %s: %s shift from %s (mean %.0f against %.0f, %d posts, %s)",
                    a.communityLabel() == null ? a.communityId() : a.communityLabel(), a.direction().name().toLowerCase(java.util.Locale.ROOT),
                    ev.windowStart().toString().substring(11, 16), ev.currentMean(), ev.baselineMean(), ev.posts(),
                    a.status().name().toLowerCase(java.util.Locale.ROOT)));
        }
        java.util.Set<String> terms = new java.util.TreeSet<>();
        digest.trends().forEach(r -> r.terms().stream().filter(t -> t.kind() == TrendReport.Kind.HASHTAG)
                .forEach(t -> terms.add(t.term() + " (" + (r.communityLabel() == null ? r.communityId() : r.communityLabel()) + ")")));
        done(found + (terms.isEmpty() ? "; no trending hashtags" : "; trending hashtags: " + String.join(", ", terms))
                + " (GET /api/alerts, /api/trends)");
    }

    private void loadPeople(ChorusConfig config, Topics topics, UnaryOperator<String> retime) throws IOException {
        TopicSpecs specs = TopicSpecs.load(config.getString(ChorusConfig.TOPICS_DIR));
        try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
            produce(producer, topics, specs, TopicId.PROFILES, SampleFeed.PROFILES, retime);
            produce(producer, topics, specs, TopicId.CAMPAIGNS, SampleFeed.CAMPAIGNS, retime);
            produce(producer, topics, specs, TopicId.FOLLOWS, SampleFeed.FOLLOWS, retime);
        }
    }

    private void loadPosts(ChorusConfig config, Topics topics, UnaryOperator<String> retime) throws IOException {
        TopicSpecs specs = TopicSpecs.load(config.getString(ChorusConfig.TOPICS_DIR));
        try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
            produce(producer, topics, specs, TopicId.POSTS, SampleFeed.POSTS, retime);
        }
    }

    /** Waits until every profile has a community (so posts are enriched), then lists the communities found. */
    private void awaitCommunities(ChorusConfig config, Topics topics, int profiles) throws InterruptedException {
        var assignmentSerde = topics.assignments.valueSerde();
        long t = System.nanoTime();
        long limit = System.nanoTime() + STAGE_TIMEOUT.toNanos();
        int[] assigned = {0};
        boolean all = waitFor(() -> {
            assigned[0] = TopicSnapshot.latestByKey(config.kafkaClientProps(), topics.assignments.name(),
                    b -> assignmentSerde.deserializer().deserialize(null, b)).size();
            return assigned[0] >= profiles;
        }, () -> assigned[0] + "/" + profiles + " profiles assigned", () -> (double) assigned[0] / profiles, limit, Duration.ofMillis(250));
        var serde = topics.communities.valueSerde();
        Map<String, Community> found = TopicSnapshot.latestByKey(config.kafkaClientProps(), topics.communities.name(),
                b -> serde.deserializer().deserialize(null, b));
        done(assigned[0] + "/" + profiles + " profiles in " + found.size() + " communities, in " + seconds(t)
                + (all ? "" : " (stopped waiting for the rest)") + ":");
        found.values().stream().sorted((a, b) -> Long.compare(b.size(), a.size()))
                .forEach(c -> say(String.format("      %-6s %4d members  %s", c.id(), c.size(), c.label())));
    }

    private static void produce(org.apache.kafka.clients.producer.Producer<byte[], byte[]> producer, Topics topics,
                                TopicSpecs specs, TopicId id, String file, UnaryOperator<String> retime) throws IOException {
        try (BufferedReader reader = SampleFeed.open(file)) {
            FeedProducer.produceLines(producer, topics.name(id), specs.get(id).keyField(), reader, retime);
        }
    }

    private boolean awaitScoring(OutputTally tally, int posts, String postsTopic) throws InterruptedException {
        return waitFor(() -> {
            tally.poll(Duration.ofMillis(200));
            return tally.scored() + tally.deadLettersFrom(postsTopic) >= posts;
        }, () -> {
            long done = tally.scored() + tally.deadLettersFrom(postsTopic);
            return String.format("%d/%d posts (%.0f%%): %d scored, %d dead-lettered", done, posts, 100.0 * done / Math.max(1, posts),
                    tally.scored(), tally.deadLettersFrom(postsTopic));
        }, () -> (double) (tally.scored() + tally.deadLettersFrom(postsTopic)) / posts, deadline, Duration.ZERO);
    }

    /**
     * Generation runs in the same transaction as enrichment: once every scored post is visible on the enriched topic,
     * all generation for the sample has been committed too.
     */
    private boolean awaitEnrichment(OutputTally tally) throws InterruptedException {
        long limit = Math.min(deadline, System.nanoTime() + STAGE_TIMEOUT.toNanos());
        boolean all = waitFor(() -> {
            tally.poll(Duration.ofMillis(250));
            return tally.enriched() >= tally.scored();
        }, () -> tally.enriched() + "/" + tally.scored() + " posts enriched, " + tally.generated() + " pieces of content generated",
                () -> (double) tally.enriched() / Math.max(1, tally.scored()), limit, Duration.ZERO);
        tally.poll(Duration.ofMillis(300));
        return all;
    }

    /** The aggregates run after a repartition, in their own transactions: wait until the largest windows count every post. */
    private boolean awaitAggregates(OutputTally tally, Duration largest) throws InterruptedException {
        long limit = Math.min(deadline, System.nanoTime() + STAGE_TIMEOUT.toNanos());
        return waitFor(() -> {
            tally.poll(Duration.ofMillis(250));
            return tally.aggregated(largest) >= tally.enriched();
        }, () -> tally.aggregated(largest) + "/" + tally.enriched() + " posts counted in " + tally.windows() + " windows",
                () -> (double) tally.aggregated(largest) / Math.max(1, tally.enriched()), limit, Duration.ZERO);
    }

    /**
     * Calls {@code check} until it holds, showing {@code progress} as it changes; false when the time limit, the
     * demo's {@code --duration} or a stop request came first. {@code pause} is slept between checks that do not wait
     * themselves (a check that polls a consumer waits inside the poll).
     */
    private boolean waitFor(BooleanSupplier check, Supplier<String> progress, DoubleSupplier fraction, long limit, Duration pause)
            throws InterruptedException {
        while (true) {
            boolean ok = check.getAsBoolean();
            progress(progress.get(), fraction.getAsDouble());
            if (ok) {
                return true;
            }
            if (System.nanoTime() > Math.min(limit, deadline) || stopped()) {
                return false;
            }
            if (!pause.isZero() && stop.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
    }

    private boolean stopped() {
        return stop.getCount() == 0;
    }

    private void printSummary(Summary s, Topics topics) {
        say("");
        say("Summary" + (s.completed() ? "" : " (stopped before the end of the sample)"));
        say(String.format("  posts read          %6d  (from %s)", s.postsSent(), topics.posts.name()));
        say(String.format("  posts scored        %6d  (to %s, mean score %.1f)", s.scored(), topics.scored.name(), s.meanScore()));
        say(String.format("    positive          %6d", s.positive()));
        say(String.format("    neutral           %6d", s.neutral()));
        say(String.format("    negative          %6d", s.negative()));
        long unscored = s.scored() - s.positive() - s.neutral() - s.negative();
        if (unscored > 0) {
            say(String.format("    unscored          %6d  (a language the scorer does not read, or nothing but links)", unscored));
        }
        say(String.format("  dead letters        %6d  (to %s) %s", s.deadLetters(), topics.dlq.name(), s.deadLettersByReason()));
        say(String.format("  generated content   %6d  (to %s, %s) %s", s.generatedByType().values().stream().mapToLong(Long::longValue).sum(),
                topics.replies.name(), topics.captions.name(), s.generatedByType()));
        long cards = mediaFiles();
        if (cards > 0) {
            say(String.format("  media files         %6d  (%s in %s, shown in the dashboard's live feed)", cards, mediaKind, mediaDir));
        }
        say(String.format("  time                %6.1f s", s.took().toMillis() / 1000.0));
    }

    /** Files in the media store (content cards of image campaigns), 0 when there is none. */
    private long mediaFiles() {
        if (mediaDir == null || !Files.isDirectory(mediaDir)) {
            return 0;
        }
        try (var files = Files.list(mediaDir)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private void printNext(Instant firstPost, Duration span) {
        say("");
        if (duration == null) {
            say("The dashboard stopped with the demo; keep it up with:  ./chorus demo --duration 10m");
        }
        say("Try next:");
        say("  ./chorus help replay     replay these posts (from " + firstPost.truncatedTo(ChronoUnit.HOURS)
                + ") under another scorer or prompt, then compare");
        say("  ./chorus help scorers    score with a model: any OpenAI-compatible endpoint, or the local stub (chorus stub-llm)");
        say("  ./chorus run --bootstrap HOST:PORT    the same pipeline against your own Kafka cluster (--verbose for Kafka's logs)");
    }

    /** Whole days that bring the sample's newest time to within the last day before {@code now}. */
    static Duration sampleShift(Instant now) {
        Instant newest = latestTime(SampleFeed.POSTS);
        if (newest == null || !newest.isBefore(now)) {
            return Duration.ZERO;
        }
        return Duration.ofDays(Duration.between(newest, now).toDays());
    }

    private static Duration sampleSpan() {
        Instant first = firstPostTime();
        Instant last = latestTime(SampleFeed.POSTS);
        return first == null || last == null ? Duration.ZERO : Duration.between(first, last);
    }

    private static Instant firstPostTime() {
        try (BufferedReader r = SampleFeed.open(SampleFeed.POSTS)) {
            return FeedProducer.latestTime(new BufferedReader(new java.io.StringReader(r.readLine())), List.of("createdAt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant latestTime(String file) {
        try (BufferedReader r = SampleFeed.open(file)) {
            return FeedProducer.latestTime(r, List.of("createdAt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String scorerName(ChorusConfig config) {
        return switch (config.getString(ChorusConfig.SENTIMENT_SCORER)) {
            case "llm" -> "the model " + config.getString(ChorusConfig.LLM_MODEL) + " at " + config.getString(ChorusConfig.LLM_BASE_URL);
            case "ngram" -> "the trained n-gram model (sentiment.scorer=ngram)";
            case "embedding" -> "the trained e5 embedding model (sentiment.scorer=embedding)";
            default -> "the VADER lexicon and its rules";
        };
    }

    private static String range(Instant from, Duration span) {
        var start = from.atOffset(ZoneOffset.UTC);
        var end = from.plus(span).atOffset(ZoneOffset.UTC);
        return "on " + start.toLocalDate() + " from " + start.toLocalTime().truncatedTo(ChronoUnit.MINUTES)
                + " to " + end.toLocalTime().truncatedTo(ChronoUnit.MINUTES);
    }

    static String human(Duration d) {
        long minutes = d.toMinutes();
        if (minutes == 0) {
            return d.toSeconds() + "s";
        }
        return (minutes >= 60 ? minutes / 60 + "h " : "") + (minutes % 60 == 0 && minutes >= 60 ? "" : minutes % 60 + "m").trim();
    }

    private static String seconds(long startedNanos) {
        return String.format("%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }

    private static boolean portFree(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // --- output: stage lines, one progress line (in place on a terminal), plain lines otherwise ---

    private void stage(int n, String name, String what) {
        say("[" + n + "/" + STAGES + "] " + name + ": " + what);
    }

    /** The stage is done: replaces its progress line on a terminal. */
    private void done(String result) {
        say("      " + result);
    }

    /**
     * Shows how far a stage is ({@code fraction} of it done). On a terminal the line is rewritten in place as it
     * changes; otherwise one line is printed when the stage passes halfway, so a log holds at most one progress line
     * per stage and never the same line twice, however slow the machine.
     */
    private void progress(String text, double fraction) {
        String line = "      " + text;
        if (line.equals(lastProgress)) {
            return;
        }
        if (terminal) {
            int pad = openLine == null ? 0 : Math.max(0, openLine.length() - line.length());
            out.print("\r" + line + " ".repeat(pad));
            out.flush();
            openLine = line;
            lastProgress = line;
            return;
        }
        if (!halfwayShown && fraction >= 0.5 && fraction < 1.0) {
            out.println(line);
            out.flush();
            lastProgress = line;
            halfwayShown = true;
        }
    }

    private void say(String line) {
        if (openLine != null) {
            out.print("\r" + " ".repeat(openLine.length()) + "\r");
            openLine = null;
        }
        lastProgress = null;
        halfwayShown = false;
        out.println(line);
        out.flush();
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary state only
        }
    }
}
