package io.chorus.behavior;

import io.chorus.stage.Port;
import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import io.chorus.config.ChorusConfig;
import io.chorus.prompt.PromptTemplate;
import java.util.List;

/**
 * Per-post emotions ({@code emotions.enabled=true}): every scored post goes through {@link EmotionTask} (one model
 * call per post) and carries its {@code emotions} on {@code chorus.posts.scored} and {@code chorus.posts.enriched}.
 * Replaces {@link Ports#SCORED} with the stream that carries them.
 */
public final class EmotionStage implements Stage {

    @Override
    public String name() {
        return "emotions";
    }

    @Override
    public boolean enabled(ChorusConfig config) {
        return config.getBoolean(ChorusConfig.EMOTIONS_ENABLED);
    }

    @Override
    public boolean usesModel(ChorusConfig config) {
        return true;
    }

    @Override
    public List<Port<?>> needs() {
        return List.of(Ports.SCORED);
    }

    @Override
    public void attach(StageContext context) {
        ChorusConfig config = context.config();
        context.publish(Ports.SCORED, context.onModel(context.get(Ports.SCORED),
                ChorusConfig.EMOTIONS_ENABLED + "=true (emotions need a model)",
                gateway -> new EmotionTask(config.getList(ChorusConfig.BEHAVIOR_FEATURES),
                        PromptTemplate.latest(config.getString(ChorusConfig.GENERATION_PROMPTS_DIR), EmotionTask.TEMPLATE))));
    }
}
