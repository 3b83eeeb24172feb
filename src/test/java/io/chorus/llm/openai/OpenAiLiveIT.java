package io.chorus.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.async.ModelAnswer;
import io.chorus.llm.ChatResult;
import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import io.chorus.sentiment.LlmSentimentTask;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Proves the OpenAI adapter and the sentiment prompt against the real API. Runs only when OPENAI_API_KEY is set
 * (model from OPENAI_MODEL, default gpt-4o-mini); costs a few hundred tokens.
 */
@EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
class OpenAiLiveIT {

    @Test
    void scoresClearlyPositiveAndNegativePostsOnTheRightSides() throws Exception {
        String model = System.getenv().getOrDefault("OPENAI_MODEL", "gpt-4o-mini");
        OpenAiChatClient client = new OpenAiChatClient("https://api.openai.com/v1", System.getenv("OPENAI_API_KEY"), model,
                Duration.ofSeconds(60), 0.0, 42, 8);
        LlmSentimentTask task = new LlmSentimentTask(Clock.systemUTC());
        double happy = score(client, task, "Best day ever, I love this team so much! 🎉");
        double angry = score(client, task, "This is the worst service I have ever had. Furious and disgusted.");
        assertThat(happy).isGreaterThan(60);
        assertThat(angry).isLessThan(40);
    }

    private static double score(OpenAiChatClient client, LlmSentimentTask task, String text) throws Exception {
        Post post = new Post(1, "p", "u", text, null, "en", List.of(), null);
        ChatResult r = client.chat(task.prepare(post));
        ScoredPost s = task.complete(post, ModelAnswer.fresh(r.text(), r.model(), r.tokensIn(), r.tokensOut(), new ModelAnswer.Call(0, 0, 1)));
        return s.score();
    }
}
