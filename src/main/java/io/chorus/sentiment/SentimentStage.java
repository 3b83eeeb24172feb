package io.chorus.sentiment;

import io.chorus.stage.Port;
import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import io.chorus.config.ChorusConfig;
import io.chorus.prompt.PromptTemplate;
import java.util.List;

/**
 * Sentiment 0–100 for every post: the local scorer in place on the stream thread, or, with
 * {@code sentiment.scorer=llm}, the model through the async processor. Publishes {@link Ports#SCORED} (by author).
 */
public final class SentimentStage implements Stage {

    /** The local (in-process, fast) scorer, published by the topology; also what generation scores its drafts with. */
    public static final Port<SentimentScorer> LOCAL_SCORER = Port.named("local-sentiment-scorer");

    @Override
    public String name() {
        return "sentiment";
    }

    @Override
    public boolean enabled(ChorusConfig config) {
        return true;
    }

    @Override
    public boolean usesModel(ChorusConfig config) {
        return "llm".equals(config.getString(ChorusConfig.SENTIMENT_SCORER));
    }

    @Override
    public List<Port<?>> needs() {
        return List.of(Ports.POSTS, LOCAL_SCORER);
    }

    @Override
    public void attach(StageContext context) {
        ChorusConfig config = context.config();
        SentimentScorer scorer = context.get(LOCAL_SCORER);
        context.publish(Ports.SCORED, context.modelOrLocal(context.get(Ports.POSTS), usesModel(config),
                ChorusConfig.SENTIMENT_SCORER + "=llm",
                gateway -> new LlmSentimentTask(context.clock(),
                        PromptTemplate.latest(config.getString(ChorusConfig.GENERATION_PROMPTS_DIR), LlmSentimentTask.TEMPLATE)),
                () -> new ScoreSentiment(scorer, context.clock()), "score-sentiment"));
    }
}
