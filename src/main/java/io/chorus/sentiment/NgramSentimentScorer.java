package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

/**
 * The fast trained scorer: multinomial logistic regression over hashed word 1–2-grams, character 2–5-grams and
 * VADER lexicon features ({@link TextFeatures}), trained on the SemEval 2013–2016 English tweets by
 * {@code chorus train sentiment}. Tens of thousands of posts a second on one core, no native code, a model under a
 * megabyte.
 *
 * <p>Score {@code 50 + 50 * (P(pos) - P(neg))} with temperature-calibrated probabilities; label by the model's
 * thresholds on that score; confidence P(label). English only: other languages are {@link SentimentLabel#UNSCORED}
 * with the reason ({@link LanguageGate}). Thread-safe.
 */
public final class NgramSentimentScorer implements SentimentScorer {

    private final TextFeatures features;
    private final LinearModel model;
    private final LabelThresholds thresholds;
    private final String name;
    private final LanguageGate gate;

    public NgramSentimentScorer(SentimentModelFile file, LanguageGate gate) {
        if (!"ngram".equals(file.kind())) {
            throw new IllegalArgumentException("model '" + file.name() + "' is a " + file.kind() + " model, not an ngram model");
        }
        this.features = new TextFeatures(file.intHeader("featureBits"), new VaderSentimentScorer());
        if (features.dimensions() != file.model().dimensions()) {
            throw new IllegalArgumentException("model '" + file.name() + "' has " + file.model().dimensions()
                    + " weights per class but its feature header implies " + features.dimensions());
        }
        this.model = file.model();
        this.thresholds = file.thresholds();
        this.name = file.name();
        this.gate = gate;
    }

    /** The shipped model. */
    public static NgramSentimentScorer bundled(LanguageGate gate) {
        return new NgramSentimentScorer(SentimentModelFile.bundled(SentimentModelFile.NGRAM_FILE), gate);
    }

    @Override
    public String name() {
        return name;
    }

    public LabelThresholds thresholds() {
        return thresholds;
    }

    /** Calibrated probabilities (negative, neutral, positive), ignoring language. */
    public double[] probabilities(String text) {
        return model.probabilities(features.extract(text));
    }

    @Override
    public Sentiment score(String text) {
        return score(text, null);
    }

    @Override
    public Sentiment score(String text, String lang) {
        if (gate != null) {
            LanguageGate.Decision d = gate.decide(text, lang);
            if (!d.judge()) {
                return Sentiment.unscored(d.reason());
            }
        } else if (text == null || text.isBlank()) {
            return Sentiment.unscored("nothing to judge: the text is empty");
        }
        return Probabilities.judge(probabilities(text), thresholds);
    }
}
