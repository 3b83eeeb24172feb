package io.chorus.behavior;

import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import io.chorus.config.ChorusConfig;
import io.chorus.prompt.PromptTemplate;

/**
 * Per-post emotions ({@code emotions.enabled=true}): every scored post goes through {@link EmotionTask} (one model
 * call per post) and carries its {@code emotions} on {@code chorus.posts.scored} and {@code chorus.posts.enriched}.
 * Replaces {@link Ports#SCORED} with the stream that carries them.
 */
public final class EmotionStage implements Stage {

    private static final Spec SPEC = Spec.of("emotions").enabledWhen(ChorusConfig.EMOTIONS_ENABLED).alwaysUsesModel().needs(Ports.SCORED);

    @Override
    public Spec spec() {
        return SPEC;
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
