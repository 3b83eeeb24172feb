package io.chorus.testing;

import io.chorus.llm.ChatModelClient;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ChatResult;
import io.chorus.llm.ModelCallException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat client fake: answers from a function, records every request, and can hold calls whose user message
 * contains a marker until the test releases them (deterministic in-flight control, no sleeps).
 */
public final class FakeChatClient implements ChatModelClient {

    /** Decides the answer to a request, or throws to fail it. */
    @FunctionalInterface
    public interface Responder {
        String answer(ChatRequest request, int attempt) throws ModelCallException;
    }

    private final Responder responder;
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    public FakeChatClient(Responder responder) {
        this.responder = responder;
    }

    /** Answers 80 for texts with "good", 20 for "bad", else 50. */
    public static FakeChatClient sentiment() {
        return new FakeChatClient((r, n) -> r.user().contains("good") ? "80" : r.user().contains("bad") ? "20" : "50");
    }

    /** Calls whose user message contains {@code marker} wait until {@link #release(String)}. */
    public FakeChatClient hold(String marker) {
        holds.put(marker, new CountDownLatch(1));
        return this;
    }

    public void release(String marker) {
        holds.get(marker).countDown();
    }

    @Override
    public ChatResult chat(ChatRequest request) throws ModelCallException {
        requests.add(request);
        for (var hold : holds.entrySet()) {
            if (request.user().contains(hold.getKey())) {
                try {
                    hold.getValue().await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ModelCallException(ModelCallException.Kind.TIMEOUT, "interrupted while held");
                }
            }
        }
        int n = attempts.computeIfAbsent(request.user(), k -> new AtomicInteger()).incrementAndGet();
        String text = responder.answer(request, n);
        return new ChatResult(text, request.estimatedPromptTokens(), 2, model());
    }

    public List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    @Override
    public String model() {
        return "fake-model";
    }

    @Override
    public String endpoint() {
        return "fake://";
    }
}
