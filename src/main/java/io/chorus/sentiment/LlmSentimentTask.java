package io.chorus.sentiment;

import io.chorus.async.ModelAnswer;
import io.chorus.async.ModelTask;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import io.chorus.prompt.PromptTemplate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model-scored sentiment, with the course's prompt: grade the sentiment of the text from 0 to 100 and return only
 * the number. The prompt is the versioned template {@value #TEMPLATE} ({@link PromptTemplate}); the post text goes in
 * its data line, which the text cannot close. The answer is parsed
 * robustly (the first whole number, e.g. "Score: 72." gives 72); an answer without a number in 0..100 is
 * {@code UNPARSEABLE_ANSWER}, which is retried and then dead-lettered.
 */
public final class LlmSentimentTask implements ModelTask<Post, ScoredPost> {

    public static final String USE = "sentiment";
    /** The prompt template's type: {@code sentiment-v<N>.txt}. */
    public static final String TEMPLATE = "sentiment";

    private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])(\\d{1,3})(?:\\.\\d+)?(?![\\d.])");

    private final Clock clock;
    private final PromptTemplate template;

    /** With the latest bundled template. */
    public LlmSentimentTask(Clock clock) {
        this(clock, PromptTemplate.bundled(TEMPLATE));
    }

    public LlmSentimentTask(Clock clock, PromptTemplate template) {
        this.clock = clock;
        this.template = template;
    }

    @Override
    public String use() {
        return USE;
    }

    @Override
    public String promptVersion() {
        return template.version();
    }

    @Override
    public String inputId(Post value) {
        return value.id();
    }

    @Override
    public Class<Post> inputType() {
        return Post.class;
    }

    @Override
    public ChatRequest prepare(Post post) {
        PromptTemplate.Rendered prompt = template.render(Map.of(), Map.of("post", post.text()));
        return new ChatRequest(prompt.system(), prompt.user(), List.of(), false, 8);
    }

    @Override
    public ScoredPost complete(Post post, ModelAnswer answer) throws ModelCallException {
        double score = parseScore(answer.text());
        Sentiment s = Sentiment.ofScore(score);
        return new ScoredPost(ScoredPost.SCHEMA_VERSION, post.id(), post.authorId(), post, s.score(), s.label(),
                "llm:" + answer.model() + ":" + template.version(), clock.instant());
    }

    /** The first whole number in 0..100 in the answer. */
    public static double parseScore(String text) throws ModelCallException {
        if (text != null) {
            Matcher m = NUMBER.matcher(text);
            if (m.find()) {
                int value = Integer.parseInt(m.group(1));
                if (value <= 100) {
                    return value;
                }
            }
        }
        String shown = text == null ? "null" : text.length() > 80 ? text.substring(0, 80) + "..." : text;
        throw new ModelCallException(ModelCallException.Kind.UNPARSEABLE_ANSWER, "expected a number from 0 to 100, got: " + shown);
    }
}
