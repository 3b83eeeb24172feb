package io.chorus.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.BehaviorRequest;
import io.chorus.model.BehaviorRequest.WindowPost;
import io.chorus.model.EnrichedPost;
import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import io.chorus.model.SentimentLabel;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.MockStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Proves {@code behavior-window-update} ({@link BehaviorStage.UpdateWindow}) alone on a mock context: each author's
 * last posts are kept, and a build is asked for after K new posts or, with a new post, once the interval has passed
 * in event time; never otherwise.
 */
class UpdateWindowTest {

    private static final String STORE = "behavior-window";
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofHours(1);

    private final MockProcessorContext<String, BehaviorRequest> context = new MockProcessorContext<>();
    private KeyValueStore<String, BehaviorWindow> store;
    private BehaviorStage.UpdateWindow processor;

    /** A processor keeping {@code keep} posts and building after {@code everyPosts} new ones or {@link #INTERVAL}. */
    private void start(int keep, int everyPosts) {
        store = MockStores.keyValue(context, STORE, JsonSerde.of(BehaviorWindow.class));
        processor = new BehaviorStage.UpdateWindow(STORE, keep, everyPosts, INTERVAL);
        processor.init(context);
    }

    private void post(String author, String postId, Instant at, double score) {
        Post post = new Post(1, postId, author, "text of " + postId, at, "en", List.of(), null);
        ScoredPost scored = new ScoredPost(1, postId, author, post, score, SentimentLabel.NEUTRAL, "ngram", at);
        EnrichedPost enriched = new EnrichedPost(1, postId, author, scored, "c7", "cyclists", 0.9, null);
        processor.process(new Record<>(author, enriched, at.toEpochMilli()));
    }

    private void post(String postId, Instant at) {
        post("u1", postId, at, 50);
    }

    private List<BehaviorRequest> requests() {
        return context.forwarded().stream().map(f -> (BehaviorRequest) f.record().value()).toList();
    }

    private static List<String> ids(BehaviorWindow window) {
        return window.posts().stream().map(WindowPost::postId).toList();
    }

    @Test
    void keepsThePostsImageUrlsForAVisionModel() {
        start(3, 100);
        Post post = new Post(1, "p-img", "u1", "look at this", T0, "en", List.of(new io.chorus.model.ImageRef("https://img.example/a.png", "a bike"),
                new io.chorus.model.ImageRef(null, "no url"), new io.chorus.model.ImageRef(" ", null)), null);
        ScoredPost scored = new ScoredPost(1, "p-img", "u1", post, 50, SentimentLabel.NEUTRAL, "ngram", T0);
        processor.process(new Record<>("u1", new EnrichedPost(1, "p-img", "u1", scored, "c7", "cyclists", 0.9, null), T0.toEpochMilli()));

        assertThat(store.get("u1").posts().get(0).imageUrls()).containsExactly("https://img.example/a.png");
    }

    @Test
    void keepsTheAuthorsLastPostsOldestFirst() {
        start(3, 100);
        for (int i = 1; i <= 4; i++) {
            post("p" + i, T0.plusSeconds(i));
        }
        assertThat(ids(store.get("u1"))).containsExactly("p2", "p3", "p4");
    }

    @Test
    void asksForNoBuildBeforeEnoughNewPosts() {
        start(10, 3);
        post("p1", T0);
        post("p2", T0.plusSeconds(1));
        assertThat(requests()).isEmpty();
    }

    @Test
    void asksForTheFirstVersionAfterTheConfiguredNumberOfNewPosts() {
        start(10, 3);
        post("p1", T0);
        post("p2", T0.plusSeconds(1));
        post("p3", T0.plusSeconds(2));
        assertThat(requests()).singleElement().satisfies(r -> {
            assertThat(r.userId()).isEqualTo("u1");
            assertThat(r.version()).isEqualTo(1);
            assertThat(r.postIds()).containsExactly("p1", "p2", "p3");
        });
    }

    @Test
    void countsNewPostsFromZeroAfterABuild() {
        start(10, 3);
        for (int i = 1; i <= 5; i++) {
            post("p" + i, T0.plusSeconds(i));
        }
        assertThat(requests()).hasSize(1);
        post("p6", T0.plusSeconds(6));
        assertThat(requests()).extracting(BehaviorRequest::version).containsExactly(1L, 2L);
    }

    @Test
    void aRedeliveredPostCountsOnce() {
        start(10, 2);
        post("p1", T0);
        post("p1", T0);
        assertThat(requests()).isEmpty();
        assertThat(ids(store.get("u1"))).containsExactly("p1");
    }

    @Test
    void asksForABuildWhenTheIntervalHasPassedSinceTheLastBuild() {
        start(10, 3);
        post("p1", T0);
        post("p2", T0);
        post("p3", T0);
        post("p4", T0.plus(INTERVAL));
        assertThat(requests()).extracting(BehaviorRequest::version).containsExactly(1L, 2L);
    }

    @Test
    void asksForNoBuildBeforeTheIntervalHasPassed() {
        start(10, 3);
        post("p1", T0);
        post("p2", T0);
        post("p3", T0);
        post("p4", T0.plus(INTERVAL).minusMillis(1));
        assertThat(requests()).hasSize(1);
    }

    @Test
    void beforeTheFirstBuildTheIntervalCountsFromTheFirstPost() {
        start(10, 3);
        post("p1", T0);
        post("p2", T0.plus(INTERVAL));
        assertThat(requests()).singleElement().extracting(BehaviorRequest::postIds).isEqualTo(List.of("p1", "p2"));
    }

    @Test
    void theIntervalIsEventTimeNotTheClock() {
        start(10, 3);
        context.setCurrentSystemTimeMs(T0.plus(Duration.ofDays(1)).toEpochMilli());
        post("p1", T0);
        post("p2", T0.plusSeconds(1));
        assertThat(requests()).isEmpty();
    }

    @Test
    void theRequestCarriesTheCommunityValenceAndPostingRate() {
        start(10, 2);
        post("u1", "p1", T0, 40);
        post("u1", "p2", T0.plus(INTERVAL.dividedBy(2)), 60);
        assertThat(requests()).singleElement().satisfies(r -> {
            assertThat(r.communityId()).isEqualTo("c7");
            assertThat(r.valence().count()).isEqualTo(2);
            assertThat(r.valence().mean()).isEqualTo(50.0);
            assertThat(r.postsPerHour()).isEqualTo(2.0);
            assertThat(r.requestedAt()).isEqualTo(T0.plus(INTERVAL.dividedBy(2)));
        });
    }

    @Test
    void forwardsTheRequestUnderTheAuthorWithThePostsTimestamp() {
        start(10, 1);
        post("p1", T0);
        assertThat(context.forwarded()).singleElement().satisfies(f -> {
            assertThat(f.record().key()).isEqualTo("u1");
            assertThat(f.record().timestamp()).isEqualTo(T0.toEpochMilli());
        });
    }

    @Test
    void remembersTheBuiltVersionInTheWindow() {
        start(10, 2);
        post("p1", T0);
        post("p2", T0.plusSeconds(1));
        BehaviorWindow window = store.get("u1");
        assertThat(window.lastVersion()).isEqualTo(1);
        assertThat(window.newPosts()).isZero();
        assertThat(window.lastBuiltAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void keepsEachAuthorsWindowApart() {
        start(10, 2);
        post("u1", "p1", T0, 50);
        post("u2", "p2", T0, 50);
        assertThat(requests()).isEmpty();
        assertThat(ids(store.get("u2"))).containsExactly("p2");
    }
}
