package io.chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Proves `chorus demo` runs end to end as a newcomer sees it: its own embedded broker, the bundled sample, every
 * valid post scored, the deliberately bad records dead-lettered, communities found, content generated for the sample
 * campaigns, every post counted in the windowed aggregates, each stage named, a summary, then a clean stop.
 *
 * <p>The demo runs once before the tests; each test checks one behaviour of its summary and printed text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoTest {

    /** Records of the bundled sample that are bad on purpose. */
    private static final int BAD_RECORDS = 8;

    private Demo.Summary summary;
    private String text;
    private int lines;

    @BeforeAll
    void runTheDemo() throws Exception {
        StringWriter out = new StringWriter();
        Demo demo = new Demo(new ChorusConfig(Map.of(ChorusConfig.HTTP_ENABLED, "false")), true, null, new PrintWriter(out, true));
        summary = demo.run();
        text = out.toString();
        lines = SampleFeed.lineCount(SampleFeed.POSTS);
    }

    @Test
    void runsToTheEnd() {
        assertThat(summary.completed()).isTrue();
    }

    @Test
    void sendsEveryLineOfTheSample() {
        assertThat(summary.postsSent()).isEqualTo(lines);
    }

    @Test
    void deadLettersTheBadRecordsWithEachReason() {
        assertThat(summary.deadLetters()).isEqualTo(BAD_RECORDS);
        assertThat(summary.deadLettersByReason()).containsKeys("MALFORMED_JSON", "MISSING_FIELD", "WRONG_TYPE",
                "UNSUPPORTED_SCHEMA_VERSION", "TOO_LARGE", "NOT_AN_OBJECT");
    }

    @Test
    void scoresEveryValidPost() {
        assertThat(summary.scored()).isEqualTo(lines - (long) BAD_RECORDS);
    }

    /** The sample's few Spanish posts are UNSCORED by the default (English) scorer. */
    @Test
    void leavesTheSpanishPostsUnscoredAndSaysSoInTheSummary() {
        long unscored = summary.scored() - summary.positive() - summary.neutral() - summary.negative();
        assertThat(unscored).isBetween(1L, 30L);
        assertThat(text).containsPattern("unscored\\s+" + unscored + "\\b");
    }

    @Test
    void findsPositiveNegativeAndNeutralPosts() {
        assertThat(summary.positive()).isPositive();
        assertThat(summary.negative()).isPositive();
        assertThat(summary.neutral()).isPositive();
    }

    @Test
    void theSampleCampaignsWriteEveryContentType() {
        assertThat(summary.generatedByType()).as("the sample campaigns wrote every content type")
                .containsKeys("reply", "post", "caption", "narration", "image_post");
    }

    @Test
    void countsTheImageCampaignsOfflineContentCards() {
        assertThat(text).containsPattern("media files\\s+[1-9]\\d*\\s+\\(offline content cards");
    }

    @Test
    void namesEachStageThenSummarisesAndStopsCleanly() {
        assertThat(text).contains("communities").contains("generated content");
        assertThat(text).contains("[1/8] Broker").contains("[4/8] Communities").contains("[5/8] Scoring")
                .contains("[6/8] Enrichment and generation").contains("[7/8] Aggregates").contains("[8/8] Listening")
                .contains("Summary").contains("dead letters").contains("Stopped cleanly");
    }

    @Test
    void countsEveryPostInItsWindowsNoneDroppedAsLate() {
        assertThat(text).as("every post counted in its windows: none dropped as late")
                .contains((lines - BAD_RECORDS) + "/" + (lines - BAD_RECORDS) + " posts counted in");
    }
}
