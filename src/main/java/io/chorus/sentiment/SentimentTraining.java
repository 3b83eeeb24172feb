package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the two sentiment models from labelled posts, reproducibly: k-fold cross-validation on the training posts
 * only (folds drawn from the seed), then calibration and thresholds fitted on the out-of-fold predictions, then the
 * final model on all training posts. Nothing here ever sees evaluation data: the caller removes it first.
 *
 * <ol>
 *   <li>n-gram model: {@link LogisticTrainer} over {@link TextFeatures}. Out-of-fold probabilities give the
 *       cross-validated report, the softmax temperature (minimum log-loss) and the label thresholds (maximum
 *       macro-recall).</li>
 *   <li>embedding head (optional, needs embeddings): the same trainer over e5 embeddings plus the n-gram model's
 *       out-of-fold log-probabilities (stacking), with its own cross-validation, temperature and thresholds.</li>
 * </ol>
 * Figures are computed on quantised weights, i.e. on the model exactly as shipped.
 */
public final class SentimentTraining {

    /** What to train. {@code embeddings} is null to train only the n-gram model. */
    public record Options(int featureBits, int folds, LogisticTrainer.Settings ngram, LogisticTrainer.Settings head,
                          String provenance) {
        public Options {
            if (folds < 2) {
                throw new IllegalArgumentException("folds must be at least 2, got " + folds);
            }
        }
    }

    /** What came out: the model files and the report (also written next to them by the command). */
    public record Result(SentimentModelFile ngram, SentimentModelFile embedding, Map<String, Object> report) {
    }

    private SentimentTraining() {
    }

    public static Result train(List<LabelledPost> posts, float[][] embeddings, Options o, Consumer<String> log) {
        long start = System.nanoTime();
        int n = posts.size();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = posts.get(i).label().ordinal();
        }
        int[] fold = folds(n, o.folds(), o.ngram().seed());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("trainingPosts", n);
        report.put("folds", o.folds());
        report.put("seed", o.ngram().seed());

        TextFeatures features = new TextFeatures(o.featureBits(), new VaderSentimentScorer());
        List<TextFeatures.Sparse> x = new ArrayList<>(n);
        for (LabelledPost p : posts) {
            x.add(features.extract(p.text()));
        }
        log.accept(String.format(Locale.ROOT, "features extracted for %d posts in %.1f s", n, seconds(start)));

        long t = System.nanoTime();
        double[][] oof = crossValidate(x, y, fold, o.folds(), features.dimensions(), o.ngram(), log, "ngram");
        double temperature = fitTemperature(oof, y);
        double[][] oofCalibrated = recalibrate(oof, temperature);
        LabelThresholds thresholds = tuneThresholds(oofCalibrated, y);
        SentimentMetrics cv = metrics(oofCalibrated, y, thresholds);
        LinearModel ngram = LogisticTrainer.train(x, y, all(n), features.dimensions(), o.ngram()).quantised().withTemperature(temperature);
        Map<String, Object> ngramReport = section(cv, temperature, thresholds, ngram, seconds(t), o.ngram());
        ngramReport.put("featureBits", o.featureBits());
        report.put("ngram", ngramReport);
        log.accept("n-gram model, cross-validated on the training data:\n" + cv.render());
        String ngramName = "ngram-semeval-" + SentimentModelFile.digest(ngram);
        SentimentModelFile ngramFile = new SentimentModelFile(header("ngram", ngramName, o, thresholds, Map.of(
                "featureBits", o.featureBits()), ngramReport), ngram);

        SentimentModelFile embeddingFile = null;
        if (embeddings != null) {
            t = System.nanoTime();
            List<TextFeatures.Sparse> h = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                h.add(EmbeddingSentimentScorer.headFeatures(embeddings[i], oofCalibrated[i]));
            }
            int dims = EmbeddingSentimentScorer.headDimensions(embeddings[0].length);
            double[][] oofHead = crossValidate(h, y, fold, o.folds(), dims, o.head(), log, "embedding head");
            double headTemperature = fitTemperature(oofHead, y);
            double[][] oofHeadCalibrated = recalibrate(oofHead, headTemperature);
            LabelThresholds headThresholds = tuneThresholds(oofHeadCalibrated, y);
            SentimentMetrics headCv = metrics(oofHeadCalibrated, y, headThresholds);
            LinearModel head = LogisticTrainer.train(h, y, all(n), dims, o.head()).quantised().withTemperature(headTemperature);
            Map<String, Object> headReport = section(headCv, headTemperature, headThresholds, head, seconds(t), o.head());
            headReport.put("embeddingModel", SentimentEmbedderInfo.MODEL);
            report.put("embedding", headReport);
            log.accept("embedding head, cross-validated on the training data:\n" + headCv.render());
            String headName = "e5-semeval-" + SentimentModelFile.digest(head);
            embeddingFile = new SentimentModelFile(header("embedding", headName, o, headThresholds, Map.of(
                    "embeddingModel", SentimentEmbedderInfo.MODEL, "stackedOnNgram", ngramName), headReport), head);
        }
        report.put("trainingSeconds", Math.round(seconds(start) * 10) / 10.0);
        return new Result(ngramFile, embeddingFile, report);
    }

    /** The embedding model's name, kept apart so training without embeddings never loads ONNX classes. */
    private static final class SentimentEmbedderInfo {
        static final String MODEL = SentenceEmbedder.MODEL;
    }

    private static Map<String, Object> header(String kind, String name, Options o, LabelThresholds th, Map<String, Object> extra,
                                              Map<String, Object> training) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("kind", kind);
        h.put("name", name);
        h.put("negativeAtOrBelow", th.negativeAtOrBelow());
        h.put("positiveAtOrAbove", th.positiveAtOrAbove());
        h.putAll(extra);
        h.put("provenance", o.provenance());
        h.put("training", training);
        return h;
    }

    private static Map<String, Object> section(SentimentMetrics cv, double temperature, LabelThresholds th, LinearModel m,
                                               double secs, LogisticTrainer.Settings s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("crossValidation", cv.toMap());
        r.put("temperature", Math.round(temperature * 1000) / 1000.0);
        r.put("negativeAtOrBelow", th.negativeAtOrBelow());
        r.put("positiveAtOrAbove", th.positiveAtOrAbove());
        r.put("settings", Map.of("epochs", s.epochs(), "learningRate", s.learningRate(), "l2", s.l2(), "seed", s.seed()));
        r.put("nonZeroWeights", m.nonZeroWeights());
        r.put("seconds", Math.round(secs * 10) / 10.0);
        return r;
    }

    static int[] folds(int n, int k, long seed) {
        int[] order = all(n);
        Random random = new Random(seed ^ 0x5DEECE66DL);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            fold[order[i]] = i % k;
        }
        return fold;
    }

    /** Out-of-fold probabilities (temperature 1) for every row. */
    private static double[][] crossValidate(List<TextFeatures.Sparse> x, int[] y, int[] fold, int k, int dims,
                                            LogisticTrainer.Settings s, Consumer<String> log, String what) {
        double[][] oof = new double[y.length][];
        for (int f = 0; f < k; f++) {
            long t = System.nanoTime();
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                (fold[i] == f ? test : train).add(i);
            }
            LinearModel m = LogisticTrainer.train(x, y, train.stream().mapToInt(Integer::intValue).toArray(), dims, s).quantised();
            for (int i : test) {
                oof[i] = m.probabilities(x.get(i));
            }
            log.accept(String.format(Locale.ROOT, "%s fold %d/%d trained in %.1f s", what, f + 1, k, seconds(t)));
        }
        return oof;
    }

    /** The temperature (0.25..4) that minimises the log-loss of the out-of-fold probabilities. */
    static double fitTemperature(double[][] p, int[] y) {
        double best = 1;
        double bestLoss = Double.MAX_VALUE;
        for (double t = 0.25; t <= 4.0001; t += 0.05) {
            double loss = 0;
            for (int i = 0; i < p.length; i++) {
                // p came from logits at temperature 1; log p differs from the logits by a constant, so softmax(log p / t) is exact
                loss -= Math.log(Math.max(1e-12, rescale(p[i], t)[y[i]]));
            }
            if (loss < bestLoss) {
                bestLoss = loss;
                best = t;
            }
        }
        return Math.round(best * 100) / 100.0;
    }

    static double[] rescale(double[] p, double t) {
        double[] l = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            l[k] = Math.log(Math.max(1e-300, p[k]));
        }
        Probabilities.softmax(l, t);
        return l;
    }

    private static double[][] recalibrate(double[][] p, double t) {
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = rescale(p[i], t);
        }
        return out;
    }

    /** The cut points on the calibrated score (steps of 0.5) with the highest out-of-fold macro-recall. */
    static LabelThresholds tuneThresholds(double[][] p, int[] y) {
        int bins = 201; // scores rounded to 0.5
        long[][] count = new long[3][bins];
        long[] total = new long[3];
        for (int i = 0; i < p.length; i++) {
            int b = (int) Math.round(Probabilities.score(p[i]) * 2);
            count[y[i]][b]++;
            total[y[i]]++;
        }
        long[][] cum = new long[3][bins + 1];
        for (int c = 0; c < 3; c++) {
            for (int b = 0; b < bins; b++) {
                cum[c][b + 1] = cum[c][b] + count[c][b];
            }
        }
        double best = -1;
        int bestLo = 95;
        int bestHi = 105;
        for (int lo = 0; lo < bins - 1; lo++) {
            for (int hi = lo + 1; hi < bins; hi++) {
                double neg = (double) cum[0][lo + 1] / Math.max(1, total[0]);
                double neu = (double) (cum[1][hi] - cum[1][lo + 1]) / Math.max(1, total[1]);
                double pos = (double) (cum[2][bins] - cum[2][hi]) / Math.max(1, total[2]);
                double macro = (neg + neu + pos) / 3;
                if (macro > best + 1e-12) {
                    best = macro;
                    bestLo = lo;
                    bestHi = hi;
                }
            }
        }
        return new LabelThresholds(bestLo / 2.0, bestHi / 2.0);
    }

    private static SentimentMetrics metrics(double[][] p, int[] y, LabelThresholds th) {
        SentimentMetrics m = new SentimentMetrics();
        for (int i = 0; i < p.length; i++) {
            m.add(SentimentLabel.CLASSES[y[i]], Probabilities.judge(p[i], th), Double.NaN);
        }
        return m;
    }

    private static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Writes both model files into {@code dir}. */
    public static void write(Result r, Path dir) throws IOException {
        r.ngram().write(dir.resolve(SentimentModelFile.NGRAM_FILE));
        if (r.embedding() != null) {
            r.embedding().write(dir.resolve(SentimentModelFile.EMBEDDING_FILE));
        }
    }
}
