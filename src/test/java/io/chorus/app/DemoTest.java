package io.chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves `chorus demo` runs end to end as a newcomer sees it: its own embedded broker, the bundled sample, every
 * valid post scored, the deliberately bad records dead-lettered, communities found, content generated for the sample
 * campaigns, every post counted in the windowed aggregates, each stage named, a summary, then a clean stop.
 */
class DemoTest {

    @Test
    void runsTheBundledSampleToTheEndAndSummarises() throws Exception {
        StringWriter text = new StringWriter();
        Demo demo = new Demo(new ChorusConfig(Map.of(ChorusConfig.HTTP_ENABLED, "false")), true, null, new PrintWriter(text, true));

        Demo.Summary summary = demo.run();

        int lines = SampleFeed.lineCount(SampleFeed.POSTS);
        assertThat(summary.completed()).isTrue();
        assertThat(summary.postsSent()).isEqualTo(lines);
        assertThat(summary.deadLetters()).isEqualTo(8);
        assertThat(summary.scored()).isEqualTo(lines - 8L);
        // the sample's few Spanish posts are UNSCORED by the default (English) scorer, and said so in the summary
        long unscored = summary.scored() - summary.positive() - summary.neutral() - summary.negative();
        assertThat(unscored).isBetween(1L, 30L);
        assertThat(text.toString()).containsPattern("unscored\\s+" + unscored + "\\b");
        assertThat(summary.positive()).isPositive();
        assertThat(summary.negative()).isPositive();
        assertThat(summary.neutral()).isPositive();
        assertThat(summary.deadLettersByReason()).containsKeys("MALFORMED_JSON", "MISSING_FIELD", "WRONG_TYPE",
                "UNSUPPORTED_SCHEMA_VERSION", "TOO_LARGE", "NOT_AN_OBJECT");
        assertThat(summary.generatedByType()).as("the sample campaigns wrote every content type")
                .containsKeys("reply", "post", "caption", "narration", "image_post");
        assertThat(text.toString()).contains("communities").contains("generated content");
        assertThat(text.toString()).as("the image campaign's offline content cards are counted").containsPattern("media files\\s+[1-9]\\d*\\s+\\(offline content cards");
        assertThat(text.toString()).contains("[1/8] Broker").contains("[4/8] Communities").contains("[5/8] Scoring")
                .contains("[6/8] Enrichment and generation").contains("[7/8] Aggregates").contains("[8/8] Listening")
                .contains("Summary").contains("dead letters").contains("Stopped cleanly");
        assertThat(text.toString()).as("every post counted in its windows: none dropped as late")
                .contains((lines - 8) + "/" + (lines - 8) + " posts counted in");
    }
}
