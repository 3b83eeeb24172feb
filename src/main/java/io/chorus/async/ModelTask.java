package io.chorus.async;

import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;

/**
 * One use of a model (sentiment, community labels, a reply...): how to render the prompt for an input and how
 * to turn the answer into an output. Both methods must be pure and thread-safe: {@link #prepare} runs on the
 * stream thread, {@link #complete} on the model executor (so that an unparseable answer is retried like any
 * other retriable failure).
 *
 * @param <V> input value
 * @param <O> output value
 */
public interface ModelTask<V, O> {

    /** A short stable name of the use, e.g. {@code sentiment}; part of request ids, store names and metrics. */
    String use();

    /** Version of the prompt template; part of request ids so a changed prompt is a new request. */
    String promptVersion();

    /** The input's own id (e.g. the post id); with use, prompt version and model it makes the request id. */
    String inputId(V value);

    /** The input type, to restore in-flight inputs from the state store after a restart. */
    Class<V> inputType();

    /** Renders the request. Untrusted text must be delimited as data, never mixed into the instructions. */
    ChatRequest prepare(V value);

    /**
     * Turns the answer into the output.
     *
     * @throws ModelCallException of kind {@code UNPARSEABLE_ANSWER} when the answer does not have the expected form
     */
    O complete(V value, ModelAnswer answer) throws ModelCallException;
}
