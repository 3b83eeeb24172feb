package io.chorus.testing;

import io.chorus.sentiment.Sentiment;
import io.chorus.sentiment.SentimentScorer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/** A scorer that answers from a function and records the texts it was asked about. */
public final class FakeScorer implements SentimentScorer {

    private final ToDoubleFunction<String> answer;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    public FakeScorer(ToDoubleFunction<String> answer) {
        this.answer = answer;
    }

    /** Scores 90 when the text contains "good", 10 when it contains "bad", else 50. */
    public static FakeScorer keywords() {
        return new FakeScorer(t -> t.contains("good") ? 90 : t.contains("bad") ? 10 : 50);
    }

    @Override
    public Sentiment score(String text) {
        seen.add(text);
        return Sentiment.ofScore(answer.applyAsDouble(text));
    }

    @Override
    public String name() {
        return "fake";
    }

    public List<String> seen() {
        return List.copyOf(seen);
    }
}
