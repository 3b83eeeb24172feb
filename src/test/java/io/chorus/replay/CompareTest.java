package io.chorus.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.CampaignOutcome;
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

    @Test
    void campaignOutcomesShowHowEachRunsAudienceAnsweredPerCampaign() {
        Compare.RunData base = run("production", 40, i -> 50, 0);
        var outcomesA = List.of(new CampaignOutcome(1, "camp-1", "reply-v2/offline", 30, 30 * 80.0, 27, 3, 0),
                new CampaignOutcome(1, "camp-1", "reply-v2/gpt-4o-mini", 10, 10 * 80.0, 9, 1, 0));
        var outcomesB = List.of(new CampaignOutcome(1, "camp-1", "reply-v3/gpt-4o-mini", 40, 40 * 20.0, 0, 4, 36),
                new CampaignOutcome(1, "camp-2", "reply-v3/gpt-4o-mini", 5, 5 * 50.0, 0, 5, 0));
        Comparison c = Compare.compare(new Compare.RunData("production", base.scored(), base.generated(), outcomesA),
                new Compare.RunData("new-prompt", base.scored(), base.generated(), outcomesB), 0.05);

        assertThat(c.row("campaign camp-1: answers, mean sentiment (variants)").a())
                .isEqualTo("40, 80.0 (reply-v2/gpt-4o-mini, reply-v2/offline)");
        assertThat(c.row("campaign camp-1: answers, mean sentiment (variants)").b()).isEqualTo("40, 20.0 (reply-v3/gpt-4o-mini)");
        assertThat(c.row("campaign camp-2: answers, mean sentiment (variants)").a()).isEqualTo("0");
        assertThat(c.test("campaign camp-1 answer sentiment label", "chi-square").significant()).isTrue();
        assertThat(CompareReport.markdown(c)).contains("| outcomes | campaign camp-1");
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
