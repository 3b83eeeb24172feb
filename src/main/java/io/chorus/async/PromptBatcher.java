package io.chorus.async;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.llm.BatchPrompt;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Puts several calls of one use into one model request ({@link BatchPrompt}) and hands each caller its own answer,
 * so that the async processor above stays per item: its in-flight store, ordering, cache keys and exactly-once work
 * as for single calls. Calls are grouped by use, system prompt, instruction and answer form; a group is sent when it
 * holds {@code size} calls or {@code linger} after its first one arrived, whichever comes first (so latency stays
 * bounded at low rates). An item the answer leaves out, gives twice, or answers in a form its parser refuses is asked
 * again alone, with the single call's retries and dead letter; a batch call that fails is asked again item by item.
 * So one bad item never fails the others, and nothing is lost to batching.
 */
final class PromptBatcher {

    /** How a gateway sends one (single or batch) call. */
    interface Sender {
        <O> CompletableFuture<ModelGateway.Completed<O>> send(String use, ChatRequest request, String cacheKey, ModelGateway.AnswerParser<O> parser);

        /** Keeps an item's answer in the response cache, as a single call's is. */
        void remember(String cacheKey, ModelAnswer answer);
    }

    /**
     * Batching of a gateway.
     *
     * @param size   items per request at most; 1 turns batching off
     * @param linger how long the first item of a group waits for others
     * @param uses   the uses that are batched (per-item scoring: {@code sentiment}, {@code emotions})
     */
    record Settings(int size, Duration linger, Set<String> uses) {
        static final Settings OFF = new Settings(1, Duration.ZERO, Set.of());

        boolean on() {
            return size > 1 && !uses.isEmpty();
        }
    }

    private record Item<O>(ChatRequest request, String cacheKey, ModelGateway.AnswerParser<O> parser, JsonNode data,
                           CompletableFuture<ModelGateway.Completed<O>> result) {
    }

    private record Group(String use, String system, String instruction, boolean json) {
    }

    private final Settings settings;
    private final Sender sender;
    private final ScheduledExecutorService scheduler;
    private final String model;
    private final Map<Group, List<Item<?>>> open = new HashMap<>();

    PromptBatcher(Settings settings, Sender sender, ScheduledExecutorService scheduler, String model) {
        this.settings = settings;
        this.sender = sender;
        this.scheduler = scheduler;
        this.model = model;
    }

    /** Whether this call can go in a batch: a batched use, no images, a prompt that ends with its data line. */
    Optional<BatchPrompt.Split> batchable(String use, ChatRequest request) {
        if (!settings.on() || !settings.uses().contains(use) || !request.imageUrls().isEmpty()) {
            return Optional.empty();
        }
        return BatchPrompt.split(request.user());
    }

    /** Adds a call to its group; the future completes with this call's own answer. */
    <O> CompletableFuture<ModelGateway.Completed<O>> add(String use, ChatRequest request, String cacheKey, ModelGateway.AnswerParser<O> parser,
                                                          BatchPrompt.Split split) {
        Group group = new Group(use, request.system(), split.instruction(), request.jsonOutput());
        Item<O> item = new Item<>(request, cacheKey, parser, split.data(), new CompletableFuture<>());
        List<Item<?>> full = null;
        synchronized (open) {
            List<Item<?>> items = open.computeIfAbsent(group, g -> new ArrayList<>());
            items.add(item);
            if (items.size() == 1) {
                scheduler.schedule(() -> flushIfOpen(group, items), settings.linger().toMillis(), TimeUnit.MILLISECONDS);
            }
            if (items.size() >= settings.size()) {
                open.remove(group);
                full = items;
            }
        }
        if (full != null) {
            send(group, full);
        }
        return item.result();
    }

    /** Sends every open group now (on close, so that no call waits for a linger that will not come). */
    void flushAll() {
        Map<Group, List<Item<?>>> all;
        synchronized (open) {
            all = new HashMap<>(open);
            open.clear();
        }
        all.forEach(this::send);
    }

    private void flushIfOpen(Group group, List<Item<?>> items) {
        synchronized (open) {
            if (open.get(group) != items) {
                return; // sent when it filled up
            }
            open.remove(group);
        }
        send(group, items);
    }

    private void send(Group group, List<Item<?>> items) {
        if (items.size() == 1) {
            alone(group.use(), items.get(0));
            return;
        }
        List<JsonNode> data = items.stream().map(Item::data).toList();
        int maxTokens = items.stream().mapToInt(i -> i.request().maxTokens() == null ? 64 : i.request().maxTokens()).sum() + 16 * items.size();
        ChatRequest batch = BatchPrompt.combine(group.system(), group.instruction(), group.json(), data, maxTokens);
        // The batch's own answer is never cached: each item's is, under the item's key, by the caller.
        sender.send(group.use(), batch, null, answer -> {
                    try {
                        return new Batch(BatchPrompt.answers(answer.text()), answer);
                    } catch (java.io.IOException e) {
                        throw new ModelCallException(ModelCallException.Kind.UNPARSEABLE_ANSWER, "batch answer: " + e.getMessage());
                    }
                })
                .whenComplete((done, error) -> {
                    if (error != null) {
                        items.forEach(i -> alone(group.use(), i)); // each item gets its own calls, retries and dead letter
                        return;
                    }
                    Batch b = done.output();
                    for (int n = 0; n < items.size(); n++) {
                        complete(group.use(), items.get(n), b.answers().get(Integer.toString(n + 1)), b.call(), items.size());
                    }
                });
    }

    /** What a batch call answered, per item id, and the call itself (for cost and latency). */
    private record Batch(Map<String, String> answers, ModelAnswer call) {
    }

    private <O> void complete(String use, Item<O> item, String text, ModelAnswer call, int itemsInCall) {
        if (text == null) {
            alone(use, item);
            return;
        }
        // Each item carries its share of the call's tokens and cost, and the call's latency and attempts.
        ModelAnswer mine = ModelAnswer.fresh(text, call.model() == null ? model : call.model(), call.tokensIn() / itemsInCall,
                call.tokensOut() / itemsInCall, new ModelAnswer.Call(call.costUsd() / itemsInCall, call.latencyMs(), call.attempts()));
        O output;
        try {
            output = item.parser().parse(mine);
        } catch (Exception e) {
            alone(use, item); // this item's answer did not parse: asked again alone, the others stand
            return;
        }
        sender.remember(item.cacheKey(), mine);
        item.result().complete(new ModelGateway.Completed<>(output, mine));
    }

    private <O> void alone(String use, Item<O> item) {
        sender.send(use, item.request(), item.cacheKey(), item.parser()).whenComplete((done, error) -> {
            if (error != null) {
                item.result().completeExceptionally(error);
            } else {
                item.result().complete(done);
            }
        });
    }
}
