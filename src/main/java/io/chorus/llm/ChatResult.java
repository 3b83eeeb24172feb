package io.chorus.llm;

/**
 * A model's answer.
 *
 * @param text       the answer text
 * @param tokensIn   prompt tokens as reported by the endpoint (estimated when it reports none)
 * @param tokensOut  answer tokens as reported by the endpoint (estimated when it reports none)
 * @param model      the model that answered (as reported, else the configured one)
 */
public record ChatResult(String text, long tokensIn, long tokensOut, String model) {
}
