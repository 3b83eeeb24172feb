package io.chorus.bench;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.async.GatewaySettings;
import io.chorus.async.ModelGateway;
import io.chorus.config.ChorusConfig;
import io.chorus.config.TopicId;
import io.chorus.llm.openai.OpenAiChatClient;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.sentiment.VaderSentimentScorer;
import io.chorus.topics.Topics;
import io.chorus.topology.TopologyDeps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A 429 storm: the endpoint's own limit drops to a fraction mid-run and nobody tells Chorus. A backlog of posts is
 * scored by the model through the async processor against the stub, which allows {@code limit} requests per second
 * and answers the rest with 429, {@code Retry-After} and OpenAI's {@code x-ratelimit-*} headers. Chorus's own
 * requests-per-minute limit is off, so only the endpoint's signals (and the adaptive concurrency) steer it. After
 * {@code before}, the stub's limit drops to {@code limit / ratio}. Reported: throughput against the limit before the
 * drop, how long after the drop the throughput stays within 10% of the new limit, throughput at the end, the 429s
 * the stub sent, dead letters, and whether every post came out exactly once.
 *
 * <p>The stub and the broker run in this JVM: this measures control (how close to the limit, how fast it adapts),
 * not CPU per call (see {@link AsyncBench} for that).
 */
public final class StormBench {

    /** The 5-second slices the throughput is read in. */
    static final Duration SLICE = Duration.ofSeconds(5);

    /**
     * @param limit     requests per second the stub allows before the drop
     * @param ratio     the limit drops to {@code limit / ratio}
     * @param before    run time before the drop
     * @param after     run time after the drop
     * @param latency   the stub's answer latency
     * @param capacity  in-flight calls per task (the adaptive concurrency's upper bound)
     * @param partitions input partitions (tasks)
     */
    public record Options(int limit, double ratio, Duration before, Duration after, Duration latency, int capacity, int partitions,
                          long commitIntervalMs) {
        public Options {
            require(limit >= 3, "--limit must be at least 3 requests per second");
            require(ratio > 1, "--ratio must be above 1");
            require(!before.isNegative() && before.toSeconds() >= 10, "--before must be at least 10s");
            require(after.toSeconds() >= 15, "--after must be at least 15s");
            require(capacity >= 1 && partitions >= 1, "--capacity and --partitions must be at least 1");
        }

        double limitAfter() {
            return limit / ratio;
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /** Outputs per second in one slice of the run, seconds from the start of the measured run. */
    public record Slice(double fromSeconds, double perSecond, double limit) {
    }

    public record Report(String bench, Options options, int posts, double beforePerSecond, double beforeOfLimit, Double secondsToNewLimit,
                         double endPerSecond, double endOfLimit, long rateLimited, long deadLetters, boolean exactlyOnce, int outputs,
                         List<Slice> slices, String verdict) {
    }

    private StormBench() {
    }

    public static Report run(Options o, PrintWriter out) throws InterruptedException {
        // A backlog larger than the run can drain, so the endpoint's limit is what bounds the throughput throughout.
        int posts = (int) Math.ceil(1.3 * (o.limit() * o.before().toSeconds() + o.limitAfter() * o.after().toSeconds()));
        BenchFeed feed = new BenchFeed(1000);
        int executorThreads = Math.max(16, o.capacity() * o.partitions());
        try (BenchCluster cluster = BenchCluster.open(null);
             StubLlmServer stub = StubLlmServer.builder().latency(o.latency()).port(0).recordRequests(false)
                     .requestLimit(o.limit(), Duration.ofSeconds(1)).start()) {
            AsyncBench.Options asyncOptions = new AsyncBench.Options(posts, o.latency(), o.capacity(), o.partitions(), 1,
                    AsyncBench.Options.UNLIMITED_RPM, false, 0, 0, o.commitIntervalMs(), o.before().plus(o.after()), null);
            ChorusConfig config = cluster.config("storm", AsyncBench.llmSettings(asyncOptions, stub.baseUrl(), executorThreads));
            cluster.createTopics(config, List.of(TopicId.POSTS, TopicId.SCORED, TopicId.DLQ, TopicId.LLM_CACHE),
                    Map.of(TopicId.POSTS, o.partitions(), TopicId.SCORED, o.partitions()));
            Topics topics = Topics.from(config);
            out.printf("storm bench: stub limit %d/s for %d s, then %.1f/s for %d s (latency %d ms, C=%d P=%d); %d posts of backlog%n",
                    o.limit(), o.before().toSeconds(), o.limitAfter(), o.after().toSeconds(), o.latency().toMillis(), o.capacity(),
                    o.partitions(), posts);
            out.flush();
            try (ModelGateway gateway = new ModelGateway(OpenAiChatClient.fromConfig(config), GatewaySettings.fromConfig(config),
                    new SimpleMeterRegistry());
                 ChorusApp app = ChorusApp.start(config, new TopologyDeps(new VaderSentimentScorer(), Clock.systemUTC(), gateway), false);
                 OutputWatcher scored = new OutputWatcher(cluster.bootstrap(), topics.scored.name(), posts);
                 OutputWatcher dlq = new OutputWatcher(cluster.bootstrap(), topics.dlq.name(), posts);
                 var producer = FeedProducer.producer(config.kafkaClientProps())) {
                app.awaitRunning(Duration.ofSeconds(60));
                feed.produceAll(producer, topics.posts.name(), 0, posts, null);
                // The run starts with the first output: start-up and the first transaction are not the limiter's doing.
                scored.awaitDistinct(1, System.nanoTime() + Duration.ofMinutes(2).toNanos());
                long start = System.nanoTime();
                long drop = start + o.before().toNanos();
                long end = drop + o.after().toNanos();
                sleepUntil(drop);
                stub.setRequestLimit((int) Math.max(1, Math.round(o.limitAfter())));
                out.printf("  %.0f s: limit dropped to %.1f/s%n", (System.nanoTime() - start) / 1e9, o.limitAfter());
                out.flush();
                sleepUntil(end);
                scored.settleAndStop(Duration.ofMillis(Math.max(500, 3 * o.commitIntervalMs())));
                dlq.settleAndStop(Duration.ZERO);
                Report report = report(o, posts, start, drop, end, scored.receivedNanos(), scored.counts(), dlq.counts().total(),
                        stub.stats().faults().getOrDefault("RATE_LIMITED", 0L));
                print(report, out);
                return report;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stub LLM server: " + e.getMessage(), e);
        }
    }

    /** The figures from when each output arrived. Package-private: tested on synthetic arrival times. */
    static Report report(Options o, int posts, long start, long drop, long end, long[] received, OutputWatcher.Counts counts,
                         long deadLetters, long rateLimited) {
        List<Slice> slices = new ArrayList<>();
        double sliceSeconds = SLICE.toNanos() / 1e9;
        for (long from = start; from + SLICE.toNanos() <= end; from += SLICE.toNanos()) {
            long to = from + SLICE.toNanos();
            int n = 0;
            for (long r : received) {
                if (r >= from && r < to) {
                    n++;
                }
            }
            slices.add(new Slice((from - start) / 1e9, n / sliceSeconds, to <= drop ? o.limit() : from >= drop ? o.limitAfter() : Double.NaN));
        }
        // Before: the slices after a 5 s settling, wholly before the drop.
        double beforeSum = 0;
        int beforeN = 0;
        for (Slice s : slices) {
            if (s.fromSeconds() >= 5 && (s.fromSeconds() + sliceSeconds) * 1e9 <= drop - start) {
                beforeSum += s.perSecond();
                beforeN++;
            }
        }
        double before = beforeN == 0 ? Double.NaN : beforeSum / beforeN;
        // After: the first slice from which every later slice is within 10% of the new limit.
        Double settled = null;
        List<Slice> after = slices.stream().filter(s -> s.fromSeconds() * 1e9 >= drop - start).toList();
        for (int i = 0; i < after.size(); i++) {
            boolean within = true;
            for (int j = i; j < after.size(); j++) {
                within &= Math.abs(after.get(j).perSecond() - o.limitAfter()) <= 0.10 * o.limitAfter();
            }
            if (within) {
                settled = after.get(i).fromSeconds() - (drop - start) / 1e9;
                break;
            }
        }
        List<Slice> last = after.subList(Math.max(0, after.size() - 3), after.size());
        double endRate = last.stream().mapToDouble(Slice::perSecond).average().orElse(Double.NaN);
        // With a backlog that outlasts the run, "missing" posts are the ones not reached yet; exactly once is about
        // what did come out: no duplicates, nothing unidentified.
        boolean exactlyOnce = counts.duplicates() == 0 && counts.unidentified() == 0;
        String verdict = String.format(java.util.Locale.ROOT, "%s; before the drop %.0f%% of the limit; %s; at the end %.0f%% of the new limit; %d dead letters",
                exactlyOnce ? "no output twice" : "OUTPUTS DUPLICATED", 100 * before / o.limit(),
                settled == null ? "never within 10% of the new limit" : String.format(java.util.Locale.ROOT, "within 10%% of the new limit %.0f s after the drop", settled),
                100 * endRate / o.limitAfter(), deadLetters);
        return new Report("storm", o, posts, before, before / o.limit(), settled, endRate, endRate / o.limitAfter(), rateLimited, deadLetters,
                exactlyOnce, counts.distinct(), List.copyOf(slices), verdict);
    }

    private static void print(Report r, PrintWriter out) {
        out.println("  time (s)   outputs/s   limit");
        for (Slice s : r.slices()) {
            out.printf("  %6.0f   %9.1f   %s%n", s.fromSeconds(), s.perSecond(), Double.isNaN(s.limit()) ? "(drop)" : String.format("%.1f", s.limit()));
        }
        out.printf("  before the drop: %.1f/s = %.0f%% of %d/s%n", r.beforePerSecond(), 100 * r.beforeOfLimit(), r.options().limit());
        out.printf("  after the drop: %s; last 15 s %.1f/s = %.0f%% of %.1f/s%n", r.secondsToNewLimit() == null ? "never within 10%"
                : String.format("within 10%% after %.0f s", r.secondsToNewLimit()), r.endPerSecond(), 100 * r.endOfLimit(), r.options().limitAfter());
        out.printf("  429s sent by the stub: %d; dead letters: %d; %s%n", r.rateLimited(), r.deadLetters(),
                r.exactlyOnce() ? "every output once" : "DUPLICATES");
        out.println("  " + r.verdict());
        out.flush();
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.min(500, Math.max(1, left / 1_000_000)));
        }
    }
}
