package io.chorus.topology;

import io.chorus.config.ChorusConfig;
import io.chorus.prompt.PromptTemplate;
import io.chorus.sentiment.LlmSentimentTask;
import java.util.List;

/**
 * Sentiment 0–100 for every post: the local scorer in place on the stream thread, or, with
 * {@code sentiment.scorer=llm}, the model through the async processor. Publishes {@link Ports#SCORED} (by author).
 */
final class SentimentStage implements Stage {

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
        return List.of(Ports.POSTS);
    }

    @Override
    public void attach(StageContext context) {
        ChorusConfig config = context.config();
        TopologyDeps deps = context.deps();
        context.publish(Ports.SCORED, context.modelOrLocal(context.get(Ports.POSTS), usesModel(config),
                ChorusConfig.SENTIMENT_SCORER + "=llm",
                gateway -> new LlmSentimentTask(deps.clock(),
                        PromptTemplate.latest(config.getString(ChorusConfig.GENERATION_PROMPTS_DIR), LlmSentimentTask.TEMPLATE)),
                () -> new ScoreSentiment(deps.scorer(), deps.clock()), "score-sentiment"));
    }
}
