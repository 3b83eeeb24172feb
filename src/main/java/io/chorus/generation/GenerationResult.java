package io.chorus.generation;

import io.chorus.model.GeneratedContent;
import io.chorus.model.GenerationRequest;

/**
 * Generated content with the request it answers and the instructions it was written under (null offline), so the
 * guardrail check can look for a leaked system prompt before anything reaches an output topic.
 *
 * @param imagePrompt for image content, what the image model is asked to draw (null: the content's text)
 * @param refusal     why a stage before the output check refused this content (e.g. a blocked image prompt, media
 *                    over the size cap), or null; a refused result goes to the dead-letter topic, not to an output
 */
public record GenerationResult(GenerationRequest request, GeneratedContent content, String systemPrompt, String imagePrompt,
                               String refusal) {

    public GenerationResult(GenerationRequest request, GeneratedContent content, String systemPrompt) {
        this(request, content, systemPrompt, null, null);
    }

    /** The prompt for the image model: the one the model wrote, else the content's text. */
    public String promptForImage() {
        return imagePrompt != null && !imagePrompt.isBlank() ? imagePrompt : content.text();
    }

    public GenerationResult withContent(GeneratedContent c) {
        return new GenerationResult(request, c, systemPrompt, imagePrompt, refusal);
    }

    public GenerationResult refused(String why) {
        return new GenerationResult(request, content, systemPrompt, imagePrompt, why);
    }
}
