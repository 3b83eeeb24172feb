package io.chorus.sentiment;

import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import java.time.Clock;
import org.apache.kafka.streams.kstream.ValueMapper;

/** Scores a post with an in-process scorer (fast and non-blocking; model-backed scorers go through the async processor). */
final class ScoreSentiment implements ValueMapper<Post, ScoredPost> {

    private final SentimentScorer scorer;
    private final Clock clock;

    ScoreSentiment(SentimentScorer scorer, Clock clock) {
        this.scorer = scorer;
        this.clock = clock;
    }

    @Override
    public ScoredPost apply(Post post) {
        Sentiment sentiment = scorer.score(post.text(), post.lang());
        return ScoredPost.of(post, sentiment, scorer.name(), clock.instant());
    }
}
