package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.llm.BatchPrompt;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import io.chorus.testing.FakeChatClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several items per request through the gateway: split, re-assembled, and every bad item isolated. */
class PromptBatcherTest {

    private ModelGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** A model that answers a single prompt with {@code single(post)} and a batch with each item's answer from {@code perItem}. */
    private static FakeChatClient model(Function<String, String> single, Function<Map<String, String>, String> batch) {
        return new FakeChatClient((request, attempt) -> {
            var items = BatchPrompt.items(request.user());
            if (items.isEmpty()) {
                return single.apply(BatchPrompt.split(request.user()).orElseThrow().data().get("post").asText());
            }
            Map<String, String> posts = new LinkedHashMap<>();
            items.get().forEach(i -> posts.put(i.id(), i.data().get("post").asText()));
            return batch.apply(posts);
        });
    }

    private static String score(String post) {
        return post.contains("good") ? "80" : "20";
    }

    private static Function<Map<String, String>, String> everyItem() {
        return posts -> {
            Map<String, String> out = new LinkedHashMap<>();
            posts.forEach((id, post) -> out.put(id, score(post)));
            return BatchPrompt.answer(out);
        };
    }

    private void start(FakeChatClient client, int size, Duration linger) {
        gateway = new ModelGateway(client, GatewaySettings.builder().maxAttempts(2).backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                .rateLimits(1_000_000, 1_000_000_000).executorThreads(4).batching(size, linger, Set.of("sentiment")).build(),
                new SimpleMeterRegistry());
    }

    private static ChatRequest prompt(String post) {
        return new ChatRequest("You grade sentiment.", "Grade this post.\n{\"post\":\"" + post + "\"}", List.of(), false, 8);
    }

    private static Double parse(ModelAnswer answer) throws ModelCallException {
        try {
            return Double.parseDouble(answer.text().trim());
        } catch (NumberFormatException e) {
            throw new ModelCallException(ModelCallException.Kind.UNPARSEABLE_ANSWER, "not a number: " + answer.text());
        }
    }

    private List<Double> submitAll(List<String> posts) throws Exception {
        List<CompletableFuture<ModelGateway.Completed<Double>>> calls = new ArrayList<>();
        for (String p : posts) {
            calls.add(gateway.submit("sentiment", prompt(p), PromptBatcherTest::parse));
        }
        List<Double> out = new ArrayList<>();
        for (var c : calls) {
            out.add(c.get(30, TimeUnit.SECONDS).output());
        }
        return out;
    }

    @Test
    void tenItemsInBatchesOfFiveAreTwoRequestsAndEachCallerGetsItsOwnAnswer() throws Exception {
        FakeChatClient client = model(PromptBatcherTest::score, everyItem());
        start(client, 5, Duration.ofSeconds(5));
        List<String> posts = List.of("good 1", "bad 2", "good 3", "bad 4", "good 5", "bad 6", "bad 7", "good 8", "good 9", "bad 10");

        assertThat(submitAll(posts)).containsExactly(80.0, 20.0, 80.0, 20.0, 80.0, 20.0, 20.0, 80.0, 80.0, 20.0);
        assertThat(client.requestCount()).isEqualTo(2);
        // the batch calls leave the in-flight count after their items' callbacks ran
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.inFlight() == 0);
    }

    @Test
    void aPartialBatchIsSentWhenItsFirstItemHasWaitedTheLinger() throws Exception {
        FakeChatClient client = model(PromptBatcherTest::score, everyItem());
        start(client, 50, Duration.ofMillis(20));

        assertThat(submitAll(List.of("good a", "bad b", "good c"))).containsExactly(80.0, 20.0, 80.0);
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void anItemTheAnswerLeavesOutIsAskedAgainAloneAndTheOthersStand() throws Exception {
        FakeChatClient client = model(PromptBatcherTest::score, posts -> {
            Map<String, String> out = new LinkedHashMap<>();
            posts.forEach((id, post) -> {
                if (!post.contains("skipped")) {
                    out.put(id, score(post));
                }
            });
            return BatchPrompt.answer(out);
        });
        start(client, 3, Duration.ofSeconds(5));

        assertThat(submitAll(List.of("good a", "skipped good b", "bad c"))).containsExactly(80.0, 80.0, 20.0);
        assertThat(client.requestCount()).as("the batch and the one item alone").isEqualTo(2);
        assertThat(client.requests().get(1).user()).contains("skipped good b").doesNotContain("\"items\"");
    }

    @Test
    void anItemWhoseAnswerDoesNotParseIsAskedAgainAlone() throws Exception {
        FakeChatClient client = model(PromptBatcherTest::score, posts -> {
            Map<String, String> out = new LinkedHashMap<>();
            posts.forEach((id, post) -> out.put(id, post.contains("garbled") ? "eighty-ish" : score(post)));
            return BatchPrompt.answer(out);
        });
        start(client, 3, Duration.ofSeconds(5));

        assertThat(submitAll(List.of("bad a", "garbled good b", "good c"))).containsExactly(20.0, 80.0, 80.0);
        assertThat(client.requestCount()).isEqualTo(2);
    }

    @Test
    void aBatchTheModelKeepsFailingIsAskedItemByItem() throws Exception {
        FakeChatClient client = model(PromptBatcherTest::score, posts -> "this is not the batch form");
        start(client, 2, Duration.ofSeconds(5));

        assertThat(submitAll(List.of("good a", "bad b"))).containsExactly(80.0, 20.0);
        assertThat(client.requestCount()).as("two attempts of the batch, then each item alone").isEqualTo(4);
    }

    @Test
    void eachItemIsCachedUnderItsOwnKey() throws Exception {
        FakeChatClient client = model(PromptBatcherTest::score, everyItem());
        start(client, 2, Duration.ofSeconds(5));
        submitAll(List.of("good a", "bad b"));

        assertThat(gateway.cached(gateway.cacheKey(prompt("good a")))).extracting(ModelAnswer::text).isEqualTo("80");
        assertThat(gateway.cached(gateway.cacheKey(prompt("bad b")))).extracting(ModelAnswer::text).isEqualTo("20");
    }

    @Test
    void usesThatAreNotBatchedGoAloneAsBefore() throws Exception {
        FakeChatClient client = model(PromptBatcherTest::score, everyItem());
        start(client, 5, Duration.ofSeconds(5));
        var a = gateway.submit("reply", prompt("good a"), PromptBatcherTest::parse);
        var b = gateway.submit("reply", prompt("bad b"), PromptBatcherTest::parse);

        assertThat(a.get(30, TimeUnit.SECONDS).output()).isEqualTo(80.0);
        assertThat(b.get(30, TimeUnit.SECONDS).output()).isEqualTo(20.0);
        assertThat(client.requests()).noneMatch(r -> r.user().contains("\"items\""));
    }
}
