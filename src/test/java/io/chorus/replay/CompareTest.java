package io.chorus.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.ContentType;
import io.chorus.model.GeneratedContent;
import io.chorus.model.ScoredPost;
import io.chorus.model.SentimentLabel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Proves compare's table and tests on known runs: identical runs agree fully, a changed scorer shows as a real difference, reports render. */
class CompareTest {

    @Test
    void identicalRunsAgreeAndShowNoRealDifference() {
        Compare.RunData a = run("a", 80, i -> (i * 37) % 101, 20);
        Compare.RunData b = run("b", 80, i -> (i * 37) % 101, 20);
        Comparison c = Compare.compare(a, b, 0.05);

        assertThat(c.row("posts compared (in both)").a()).isEqualTo("80");
        assertThat(c.row("same sentiment label per post").a()).startsWith("100.0%");
        assertThat(c.row("Cohen's kappa").a()).isEqualTo("1.000");
        assertThat(c.tests()).noneMatch(Comparison.TestRow::significant);
        assertThat(c.test("input sentiment score", "Mann-Whitney U").p()).isGreaterThan(0.99);
    }

    @Test
    void aChangedScorerIsARealDifference() {
        Compare.RunData a = run("production", 80, i -> (i * 37) % 101, 20);
        Compare.RunData b = run("vader", 60, i -> i % 2 == 0 ? 90 : 50, 0);
        Comparison c = Compare.compare(a, b, 0.05);

        assertThat(c.row("posts scored (all)").a()).isEqualTo("80");
        assertThat(c.row("posts compared (in both)").a()).isEqualTo("60");
        assertThat(c.test("input sentiment score", "Kolmogorov-Smirnov").significant()).isTrue();
        assertThat(c.test("input sentiment label", "chi-square").significant()).isTrue();
        // Only A generated content for the compared posts: B's generation tests cannot run.
        assertThat(c.test("generated text length", "Mann-Whitney U").p()).isNaN();
        assertThat(c.row("replies").a()).isEqualTo("20");
        assertThat(c.row("cache hits").a()).isEqualTo("10");

        assertThat(CompareReport.markdown(c)).contains("| input sentiment score | Kolmogorov-Smirnov |").contains("real");
        assertThat(CompareReport.html(c)).contains("<svg").contains("<rect class=\"a\"").contains("Benjamini-Hochberg");
        assertThat(CompareReport.json(c)).contains("\"adjustedP\"").contains("\"histograms\"").doesNotContain("NaN");
    }

    private static Compare.RunData run(String name, int posts, IntToDoubleFunction score, int generated) {
        Map<String, ScoredPost> scored = new LinkedHashMap<>();
        for (int i = 0; i < posts; i++) {
            double s = score.applyAsDouble(i);
            scored.put("p-" + i, new ScoredPost(1, "p-" + i, "u-" + i % 7, null, s, SentimentLabel.fromScore(s), name, Instant.EPOCH));
        }
        List<GeneratedContent> content = new ArrayList<>();
        for (int i = 0; i < generated; i++) {
            boolean cached = i % 2 == 0;
            content.add(new GeneratedContent(1, "r-" + i, "p-" + i, "u-1", "c-1", "camp-1", ContentType.REPLY, "reply text " + "x".repeat(i),
                    null, null, "m", "v1", false, cached ? 0 : 100 + i, 20, 10, cached ? 0 : 0.001, cached, 40.0 + i, Instant.EPOCH));
        }
        return new Compare.RunData(name, scored, content);
    }
}
