package io.chorus.llm;

/**
 * A blocking chat-completion client, one per model endpoint. Chorus code depends on this interface; provider
 * types (LangChain4j, HTTP) stay inside the adapter that implements it.
 *
 * <p>Calls block the calling thread for up to the client's timeout: call only from the async processor's
 * executor (or batch commands), never from a stream thread.
 */
public interface ChatModelClient extends AutoCloseable {

    /**
     * Sends one chat request and returns the answer.
     *
     * @throws ModelCallException with {@link ModelCallException#retriable()} saying whether trying again can help
     */
    ChatResult chat(ChatRequest request) throws ModelCallException;

    /** The model name answers are attributed to (recorded on outputs and part of cache keys and request ids). */
    String model();

    /** The endpoint (base URL) this client calls; rate limits are shared per endpoint. */
    String endpoint();

    /**
     * How long to wait before the next call so that the endpoint does not refuse it, as the endpoint's own
     * rate-limit signals last said; zero when there is nothing to wait for (the default).
     */
    default java.time.Duration pauseBeforeNextCall() {
        return java.time.Duration.ZERO;
    }

    @Override
    default void close() {
    }
}
