package io.chorus.llm;

/**
 * A blocking client of an endpoint that makes media from text: an image model ({@code /images/generations}) or a
 * speech model ({@code /audio/speech}). Like {@link ChatModelClient}, call it only from the async processor's
 * executor; provider types stay in the adapter that implements it.
 */
public interface MediaModelClient extends AutoCloseable {

    /** The bytes made from {@code prompt}, as the endpoint sent them (the caller checks their format and size). */
    record Media(byte[] bytes, String model, String revisedPrompt) {
    }

    /**
     * @throws ModelCallException with {@link ModelCallException#retriable()} saying whether trying again can help
     */
    Media generate(String prompt) throws ModelCallException;

    /** The model name media are attributed to (part of cache keys and request ids). */
    String model();

    /** The endpoint (base URL); rate limits are per endpoint. */
    String endpoint();

    @Override
    default void close() {
    }
}
