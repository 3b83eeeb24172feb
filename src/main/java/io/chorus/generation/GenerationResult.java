package io.chorus.generation;

import io.chorus.model.GeneratedContent;
import io.chorus.model.GenerationRequest;

/**
 * Generated content with the request it answers and the instructions it was written under (null offline), so the
 * guardrail check can look for a leaked system prompt before anything reaches an output topic.
 */
public record GenerationResult(GenerationRequest request, GeneratedContent content, String systemPrompt) {
}
