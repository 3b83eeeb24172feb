package io.chorus.replay;

import io.chorus.app.TopicSnapshot;
import io.chorus.config.ChorusConfig;
import io.chorus.config.TopicId;
import io.chorus.model.CampaignOutcome;
import io.chorus.model.GeneratedContent;
import io.chorus.model.ScoredPost;
import io.chorus.model.SentimentLabel;
import io.chorus.serde.JsonSerde;
import io.chorus.topics.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares two runs (an experiment or {@code production}) over the same input: the posts both have scored. Reads
 * each run's scored posts and generated content (replies and captions) in full, read_committed, latest record per
 * post id, and computes counts, sentiment distributions, per-post label agreement, generated-text length, model
 * usage and latency, with two-sample tests (see {@link Stats}) corrected for multiple comparisons.
 *
 * <p>The tests are two-sample tests of distributions, as the issue and the A/B-testing lesson ask; the per-post
 * pairing is reported separately as label agreement and Cohen's kappa.
 */
public final class Compare {

    private static final Logger LOG = LoggerFactory.getLogger(Compare.class);

    /**
     * What one run wrote: scored posts by post id, generated content (replies and captions), and the campaign outcomes
     * (how the audience answered each campaign's replies, per campaign and variant; empty without listening).
     */
    public record RunData(String name, Map<String, ScoredPost> scored, List<GeneratedContent> generated, List<CampaignOutcome> outcomes) {
        public RunData {
            outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
        }

        public RunData(String name, Map<String, ScoredPost> scored, List<GeneratedContent> generated) {
            this(name, scored, generated, List.of());
        }
    }

    private Compare() {
    }

    /**
     * Reads a run's outputs from the cluster of {@code base}.
     *
     * @param run {@code production} or an experiment name
     * @throws IllegalArgumentException when the run has no scored-posts topic
     */
    public static RunData read(ChorusConfig base, String run) {
        ChorusConfig config = Experiment.PRODUCTION.equals(run) ? base : Experiment.of(run, base).config();
        Topics topics = Topics.from(config);
        Set<String> existing;
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            existing = Experiments.topicNames(admin);
        }
        if (!existing.contains(topics.scored.name())) {
            throw new IllegalArgumentException("run '" + run + "' has no topic " + topics.scored.name()
                    + " on " + config.bootstrapServers() + "; 'chorus experiments list' shows the experiments that exist");
        }
        Map<String, ScoredPost> scored = read(config, topics.scored.name(), JsonSerde.of(ScoredPost.class));
        List<GeneratedContent> generated = new ArrayList<>();
        for (String topic : List.of(topics.replies.name(), topics.captions.name())) {
            if (existing.contains(topic)) {
                generated.addAll(read(config, topic, JsonSerde.of(GeneratedContent.class)).values());
            }
        }
        List<CampaignOutcome> outcomes = new ArrayList<>();
        String outcomesTopic = topics.name(TopicId.OUTCOMES);
        if (existing.contains(outcomesTopic)) {
            outcomes.addAll(read(config, outcomesTopic, JsonSerde.of(CampaignOutcome.class)).values());
        }
        return new RunData(run, scored, generated, outcomes);
    }

    private static <T> Map<String, T> read(ChorusConfig config, String topic, JsonSerde<T> serde) {
        Map<String, T> latest = TopicSnapshot.latestByKey(config.kafkaClientProps(), topic, bytes -> {
            try {
                return serde.fromBytes(bytes);
            } catch (RuntimeException e) {
                LOG.warn("Skipping an unreadable record in {}: {}", topic, e.getMessage());
                return null;
            }
        });
        latest.values().removeIf(v -> v == null);
        return latest;
    }

    /** Compares {@code a} and {@code b} over the posts both scored; differences with adjusted p below {@code alpha} are marked. */
    public static Comparison compare(RunData a, RunData b, double alpha) {
        Set<String> common = new TreeSet<>(a.scored().keySet());
        common.retainAll(b.scored().keySet());
        List<ScoredPost> sa = common.stream().map(a.scored()::get).toList();
        List<ScoredPost> sb = common.stream().map(b.scored()::get).toList();
        List<GeneratedContent> ga = a.generated().stream().filter(g -> common.contains(g.postId())).toList();
        List<GeneratedContent> gb = b.generated().stream().filter(g -> common.contains(g.postId())).toList();

        List<Comparison.Row> rows = new ArrayList<>();
        List<PendingTest> tests = new ArrayList<>();
        List<Comparison.Chart> charts = new ArrayList<>();

        rows.add(row("counts", "posts scored (all)", a.scored().size(), b.scored().size()));
        rows.add(row("counts", "posts compared (in both)", common.size(), common.size()));
        rows.add(row("counts", "replies", count(ga, g -> "replies".equals(kind(g))), count(gb, g -> "replies".equals(kind(g)))));
        rows.add(row("counts", "captions", count(ga, g -> "captions".equals(kind(g))), count(gb, g -> "captions".equals(kind(g)))));
        rows.add(new Comparison.Row("counts", "scorer", scorers(sa), scorers(sb)));

        double[] scoresA = values(sa, ScoredPost::score);
        double[] scoresB = values(sb, ScoredPost::score);
        sentimentRows(rows, "input sentiment", "input", scoresA, scoresB, labels(sa), labels(sb));
        numericTests(tests, "input sentiment score", scoresA, scoresB);
        tests.add(labelTest("input sentiment label", labelCounts(labels(sa)), labelCounts(labels(sb))));
        charts.add(histogram("Input sentiment score", scoresA, scoresB, 0, 100, 10));
        charts.add(labelChart("Input sentiment label", labels(sa), labels(sb)));

        agreementRows(rows, sa, sb);

        double[] lenA = values(ga, g -> g.text() == null ? 0 : g.text().length());
        double[] lenB = values(gb, g -> g.text() == null ? 0 : g.text().length());
        rows.add(row("generated", "generated texts", ga.size(), gb.size()));
        rows.add(new Comparison.Row("generated", "text length mean / median (chars)", meanMedian(lenA), meanMedian(lenB)));
        numericTests(tests, "generated text length", lenA, lenB);
        List<GeneratedContent> withSentA = ga.stream().filter(g -> g.textSentiment() != null).toList();
        List<GeneratedContent> withSentB = gb.stream().filter(g -> g.textSentiment() != null).toList();
        double[] genSentA = values(withSentA, GeneratedContent::textSentiment);
        double[] genSentB = values(withSentB, GeneratedContent::textSentiment);
        List<SentimentLabel> genLabelsA = Arrays.stream(genSentA).mapToObj(SentimentLabel::fromScore).toList();
        List<SentimentLabel> genLabelsB = Arrays.stream(genSentB).mapToObj(SentimentLabel::fromScore).toList();
        sentimentRows(rows, "generated", "generated text", genSentA, genSentB, genLabelsA, genLabelsB);
        numericTests(tests, "generated text sentiment", genSentA, genSentB);
        tests.add(labelTest("generated text sentiment label", labelCounts(genLabelsA), labelCounts(genLabelsB)));
        if (lenA.length + lenB.length > 0) {
            double maxLen = Math.max(Arrays.stream(lenA).max().orElse(0), Arrays.stream(lenB).max().orElse(0));
            charts.add(histogram("Generated text length (chars)", lenA, lenB, 0, Math.max(10, maxLen), 10));
        }
        if (genSentA.length + genSentB.length > 0) {
            charts.add(histogram("Generated text sentiment", genSentA, genSentB, 0, 100, 10));
        }

        outcomeRows(rows, tests, a.outcomes(), b.outcomes());

        modelRows(rows, ga, gb);
        double[] latA = values(ga.stream().filter(g -> !g.cached() && !g.offline()).toList(), GeneratedContent::latencyMs);
        double[] latB = values(gb.stream().filter(g -> !g.cached() && !g.offline()).toList(), GeneratedContent::latencyMs);
        rows.add(new Comparison.Row("model", "latency mean / p50 / p95 (ms, model calls)", latency(latA), latency(latB)));
        numericTests(tests, "model call latency", latA, latB);

        double[] raw = tests.stream().mapToDouble(PendingTest::p).toArray();
        double[] adjusted = Stats.benjaminiHochberg(raw);
        List<Comparison.TestRow> testRows = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            PendingTest t = tests.get(i);
            testRows.add(new Comparison.TestRow(t.distribution, t.test, t.nA, t.nB, t.statistic, t.p, adjusted[i],
                    !Double.isNaN(adjusted[i]) && adjusted[i] < alpha));
        }
        return new Comparison(a.name(), b.name(), alpha, List.copyOf(rows), List.copyOf(testRows), List.copyOf(charts));
    }

    /**
     * Per campaign (variants summed; the variants each run used are named): how many audience posts answered its
     * replies and their mean sentiment, with a test of the label mix. Outcomes are counted over each run's whole
     * output (they are aggregates, not per post), so a run over a longer period has more answers.
     */
    private static void outcomeRows(List<Comparison.Row> rows, List<PendingTest> tests, List<CampaignOutcome> a, List<CampaignOutcome> b) {
        Set<String> campaigns = new TreeSet<>();
        a.forEach(o -> campaigns.add(o.campaignId()));
        b.forEach(o -> campaigns.add(o.campaignId()));
        for (String campaign : campaigns) {
            CampaignOutcome sumA = sum(a, campaign);
            CampaignOutcome sumB = sum(b, campaign);
            rows.add(new Comparison.Row("outcomes", "campaign " + campaign + ": answers, mean sentiment (variants)",
                    outcome(sumA, a, campaign), outcome(sumB, b, campaign)));
            tests.add(labelTest("campaign " + campaign + " answer sentiment label",
                    new long[] {sumA.positive(), sumA.neutral(), sumA.negative()},
                    new long[] {sumB.positive(), sumB.neutral(), sumB.negative()}));
        }
    }

    private static CampaignOutcome sum(List<CampaignOutcome> outcomes, String campaign) {
        CampaignOutcome s = CampaignOutcome.empty();
        for (CampaignOutcome o : outcomes) {
            if (campaign.equals(o.campaignId())) {
                s = new CampaignOutcome(CampaignOutcome.SCHEMA_VERSION, campaign, null, s.replies() + o.replies(), s.scoreSum() + o.scoreSum(),
                        s.positive() + o.positive(), s.neutral() + o.neutral(), s.negative() + o.negative());
            }
        }
        return s;
    }

    private static String outcome(CampaignOutcome sum, List<CampaignOutcome> outcomes, String campaign) {
        if (sum.replies() == 0) {
            return "0";
        }
        String variants = outcomes.stream().filter(o -> campaign.equals(o.campaignId())).map(CampaignOutcome::variant)
                .distinct().sorted().collect(Collectors.joining(", "));
        return sum.replies() + ", " + fmt(sum.meanScore(), 1) + " (" + variants + ")";
    }

    private record PendingTest(String distribution, String test, int nA, int nB, double statistic, double p) {
    }

    private static void numericTests(List<PendingTest> tests, String distribution, double[] a, double[] b) {
        double u = a.length == 0 || b.length == 0 ? Double.NaN
                : new org.apache.commons.math3.stat.inference.MannWhitneyUTest().mannWhitneyU(a, b);
        tests.add(new PendingTest(distribution, "Mann-Whitney U", a.length, b.length, u, Stats.mannWhitneyP(a, b)));
        tests.add(new PendingTest(distribution, "Kolmogorov-Smirnov", a.length, b.length, Stats.kolmogorovSmirnovD(a, b),
                Stats.kolmogorovSmirnovP(a, b)));
    }

    private static PendingTest labelTest(String distribution, long[] a, long[] b) {
        Stats.Tested t = Stats.labelTestP(a, b);
        String name = switch (t.test()) {
            case FISHER_EXACT -> "Fisher exact";
            case CHI_SQUARE, NONE -> "chi-square";
        };
        double statistic = Double.NaN;
        if (t.test() == Stats.LabelTest.CHI_SQUARE) {
            statistic = chiSquareStatistic(a, b);
        }
        return new PendingTest(distribution, name, (int) Arrays.stream(a).sum(), (int) Arrays.stream(b).sum(), statistic, t.p());
    }

    private static double chiSquareStatistic(long[] a, long[] b) {
        List<long[]> cols = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i] + b[i] > 0) {
                cols.add(new long[] {a[i], b[i]});
            }
        }
        long[][] table = new long[2][cols.size()];
        for (int j = 0; j < cols.size(); j++) {
            table[0][j] = cols.get(j)[0];
            table[1][j] = cols.get(j)[1];
        }
        return new org.apache.commons.math3.stat.inference.ChiSquareTest().chiSquare(table);
    }

    private static void sentimentRows(List<Comparison.Row> rows, String section, String what, double[] a, double[] b,
                                      List<SentimentLabel> la, List<SentimentLabel> lb) {
        rows.add(new Comparison.Row(section, what + " score mean / median", meanMedian(a), meanMedian(b)));
        for (SentimentLabel label : SentimentLabel.values()) {
            rows.add(new Comparison.Row(section, what + " " + label.name().toLowerCase(Locale.ROOT), share(la, label), share(lb, label)));
        }
    }

    private static void agreementRows(List<Comparison.Row> rows, List<ScoredPost> sa, List<ScoredPost> sb) {
        int n = sa.size();
        int same = 0;
        double absDiff = 0;
        int[] ra = new int[n];
        int[] rb = new int[n];
        for (int i = 0; i < n; i++) {
            ra[i] = sa.get(i).label().ordinal();
            rb[i] = sb.get(i).label().ordinal();
            if (ra[i] == rb[i]) {
                same++;
            }
            absDiff += Math.abs(sa.get(i).score() - sb.get(i).score());
        }
        String agreement = n == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%% (%d of %d posts)", 100.0 * same / n, same, n);
        double kappa = Stats.cohensKappa(ra, rb, SentimentLabel.values().length);
        rows.add(new Comparison.Row("agreement", "same sentiment label per post", agreement, agreement));
        rows.add(new Comparison.Row("agreement", "Cohen's kappa", fmt(kappa, 3), fmt(kappa, 3)));
        String mad = n == 0 ? "n/a" : fmt(absDiff / n, 2);
        rows.add(new Comparison.Row("agreement", "mean |score A - score B| per post", mad, mad));
    }

    private static void modelRows(List<Comparison.Row> rows, List<GeneratedContent> ga, List<GeneratedContent> gb) {
        rows.add(row("model", "model calls (generation)", count(ga, g -> !g.cached() && !g.offline()), count(gb, g -> !g.cached() && !g.offline())));
        rows.add(row("model", "cache hits", count(ga, GeneratedContent::cached), count(gb, GeneratedContent::cached)));
        rows.add(row("model", "offline (template) texts", count(ga, GeneratedContent::offline), count(gb, GeneratedContent::offline)));
        rows.add(new Comparison.Row("model", "tokens in / out", tokens(ga), tokens(gb)));
        rows.add(new Comparison.Row("model", "estimated cost (USD)", cost(ga), cost(gb)));
    }

    /** Which output a generated record came from: captions for caption, narration and image content, replies otherwise. */
    private static String kind(GeneratedContent g) {
        if (g.contentType() == null) {
            return "replies";
        }
        return switch (g.contentType()) {
            case CAPTION, NARRATION, IMAGE, IMAGE_POST -> "captions";
            default -> "replies";
        };
    }

    static long[] labelCounts(List<SentimentLabel> labels) {
        long[] out = new long[SentimentLabel.values().length];
        labels.forEach(l -> out[l.ordinal()]++);
        return out;
    }

    private static List<SentimentLabel> labels(List<ScoredPost> posts) {
        return posts.stream().map(p -> p.label() == null ? SentimentLabel.fromScore(p.score()) : p.label()).toList();
    }

    private static <T> double[] values(Collection<T> items, ToDoubleFunction<T> f) {
        return items.stream().mapToDouble(f).toArray();
    }

    private static <T> long count(Collection<T> items, Predicate<T> p) {
        return items.stream().filter(p).count();
    }

    private static String scorers(List<ScoredPost> posts) {
        String s = posts.stream().map(ScoredPost::scorer).filter(x -> x != null).distinct().sorted().collect(Collectors.joining(", "));
        return s.isEmpty() ? "-" : s;
    }

    private static Comparison.Row row(String section, String measure, long a, long b) {
        return new Comparison.Row(section, measure, Long.toString(a), Long.toString(b));
    }

    private static String share(List<SentimentLabel> labels, SentimentLabel label) {
        if (labels.isEmpty()) {
            return "n/a";
        }
        long n = labels.stream().filter(label::equals).count();
        return String.format(Locale.ROOT, "%d (%.1f%%)", n, 100.0 * n / labels.size());
    }

    private static String meanMedian(double[] x) {
        return x.length == 0 ? "n/a" : fmt(Stats.mean(x), 1) + " / " + fmt(Stats.median(x), 1);
    }

    private static String latency(double[] x) {
        return x.length == 0 ? "n/a"
                : fmt(Stats.mean(x), 0) + " / " + fmt(Stats.percentile(x, 50), 0) + " / " + fmt(Stats.percentile(x, 95), 0);
    }

    private static String tokens(List<GeneratedContent> g) {
        return g.stream().mapToLong(GeneratedContent::tokensIn).sum() + " / " + g.stream().mapToLong(GeneratedContent::tokensOut).sum();
    }

    private static String cost(List<GeneratedContent> g) {
        return String.format(Locale.ROOT, "%.4f", g.stream().mapToDouble(GeneratedContent::estimatedCostUsd).sum());
    }

    static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static Comparison.Chart histogram(String title, double[] a, double[] b, double min, double max, int bins) {
        List<String> labels = new ArrayList<>();
        double width = (max - min) / bins;
        for (int i = 0; i < bins; i++) {
            labels.add(fmt(min + i * width, 0) + "-" + fmt(min + (i + 1) * width, 0));
        }
        Function<double[], long[]> count = x -> {
            long[] h = new long[bins];
            for (double v : x) {
                int i = (int) Math.floor((v - min) / width);
                h[Math.max(0, Math.min(bins - 1, i))]++;
            }
            return h;
        };
        return new Comparison.Chart(title, labels, count.apply(a), count.apply(b));
    }

    private static Comparison.Chart labelChart(String title, List<SentimentLabel> a, List<SentimentLabel> b) {
        List<String> names = Arrays.stream(SentimentLabel.values()).map(l -> l.name().toLowerCase(Locale.ROOT)).toList();
        return new Comparison.Chart(title, names, labelCounts(a), labelCounts(b));
    }
}
