package io.chorus.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.Campaign;
import io.chorus.model.ContentType;
import io.chorus.model.EnrichedPost;
import io.chorus.model.GeneratedContent;
import io.chorus.model.GenerationRequest;
import io.chorus.model.ImageRef;
import io.chorus.model.Persona;
import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import io.chorus.model.SentimentLabel;
import io.chorus.sentiment.VaderSentimentScorer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Proves offline generation varies by post, follows the campaign's example style, addresses the reader, and stays marked offline. */
class OfflineGeneratorTest {

    private static final Instant T = Instant.parse("2026-12-01T12:00:00Z");
    private final OfflineGenerator generator = new OfflineGenerator(null, new VaderSentimentScorer(), Clock.fixed(T, ZoneOffset.UTC));

    private static Campaign campaign(ContentType type, List<String> examples, Double target) {
        return new Campaign(1, "solar", "community solar", "Encourage neighbours to join the community solar scheme", type,
                null, examples, target, 3, "#ad", null, null, true);
    }

    private static GenerationRequest request(String postId, Campaign c, String bridge, List<ImageRef> images) {
        Post post = new Post(1, postId, "u-" + postId, "Power bills are crazy this winter", T, "en", images, null);
        ScoredPost scored = new ScoredPost(1, postId, post.authorId(), post, 30, SentimentLabel.NEGATIVE, "vader-lexicon", T);
        EnrichedPost enriched = new EnrichedPost(1, postId, post.authorId(), scored, "c-1", "homeowners", 0.8, null);
        Persona persona = new Persona("Dana Smith", "dana", "Mum of two, gardener", "Leeds", "c-1", "homeowners", List.of(), List.of());
        return new GenerationRequest(1, enriched, c, persona, bridge);
    }

    private GeneratedContent generate(GenerationRequest r) {
        return generator.generate(r).content();
    }

    @Test
    void differentPostsGetDifferentPhrasings() {
        Campaign c = campaign(ContentType.REPLY, List.of(), null);
        Set<String> texts = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            texts.add(generate(request("p-" + i, c, "saving money", List.of())).text());
        }
        assertThat(texts).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theSamePostAndCampaignAlwaysGetTheSameText() {
        Campaign c = campaign(ContentType.POST, List.of(), null);
        assertThat(generate(request("p-1", c, "saving money", List.of())).text())
                .isEqualTo(generate(request("p-1", c, "saving money", List.of())).text());
    }

    @Test
    void turnsAnInstructionToTheWriterIntoAnInvitationToTheReader() {
        for (int i = 0; i < 8; i++) {
            String text = generate(request("p-" + i, campaign(ContentType.REPLY, List.of(), null), "saving money", List.of())).text();
            assertThat(text).doesNotContainIgnoringCase("encourage neighbours").containsIgnoringCase("join the community solar scheme");
        }
    }

    @Test
    void followsLowerCaseEmojiAndHashtagOfTheExamplePosts() {
        List<String> examples = List.of("our roof pays for itself now ☀️ #solarliving", "best decision we made this year ☀️ #solarliving",
                "bills down again ☀️");
        String text = generate(request("p-1", campaign(ContentType.POST, examples, null), "saving money", List.of())).text();
        String body = text.substring(0, text.indexOf(OfflineGenerator.MARK));
        assertThat(body).isEqualTo(body.toLowerCase(java.util.Locale.ROOT)).contains("☀️").contains("#solarliving");
    }

    @Test
    void aCaptionDescribesTheImageFromItsAltTextAndNamesTheBridge() {
        Campaign c = campaign(ContentType.CAPTION, List.of(), null);
        String text = generate(request("p-1", c, "fresh air", List.of(new ImageRef("https://x/1.jpg", "Two kids on bikes in a park")))).text();
        assertThat(text).contains("Two kids on bikes in a park").contains("fresh air");
    }

    @Test
    void staysPlainlyMarkedAsOfflineWithTheDisclosure() {
        GeneratedContent g = generate(request("p-1", campaign(ContentType.REPLY, List.of(), 80.0), "saving money", List.of()));
        assertThat(g.text()).contains(OfflineGenerator.MARK).contains("#ad");
        assertThat(g.model()).isEqualTo(OfflineGenerator.MODEL);
    }
}
