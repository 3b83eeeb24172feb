package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeChatClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that no input of the async processor is lost across a crash: whatever the in-flight store holds at a
 * commit is what the next owner of the task issues again, so a crash right after any commit still gives every
 * input an outcome. A "crash" here is a processor closed without emitting, and a new processor on the same store
 * (the store's changelog as restored by the next owner).
 */
class AsyncInputLossTest {

    private static final String STORE = "test-inflight";

    /** A minimal use of a model: the item's text is the prompt, the answer is the output. */
    record Item(String id, String text) {
    }

    static final class EchoTask implements ModelTask<Item, String> {
        @Override
        public String use() {
            return "echo";
        }

        @Override
        public String promptVersion() {
            return "v1";
        }

        @Override
        public String inputId(Item value) {
            return value.id();
        }

        @Override
        public Class<Item> inputType() {
            return Item.class;
        }

        @Override
        public ChatRequest prepare(Item value) {
            return ChatRequest.of("Echo.", value.text());
        }

        @Override
        public String complete(Item value, ModelAnswer answer) throws ModelCallException {
            return value.id() + ":" + answer.text();
        }
    }

    private final List<ModelGateway> gateways = new ArrayList<>();
    private KeyValueStore<String, InFlight> store;

    @AfterEach
    void closeGateways() {
        gateways.forEach(ModelGateway::close);
    }

    private ModelGateway gateway(FakeChatClient client) {
        ModelGateway g = new ModelGateway(client, GatewaySettings.builder().maxAttempts(2).backoff(Duration.ZERO, Duration.ZERO)
                .rateLimits(1_000_000, 1_000_000_000).executorThreads(8).build(), new SimpleMeterRegistry());
        gateways.add(g);
        return g;
    }

    /** One owner of the task: a processor on a fresh context around the (surviving) in-flight store. */
    private final class Owner {
        final MockProcessorContext<String, AsyncOutcome<Item, String>> context = new MockProcessorContext<>();
        final AsyncModelProcessor<Item, String> processor;
        final ModelGateway gateway;
        long offset;

        Owner(ModelGateway gateway, Ordering ordering) {
            this.gateway = gateway;
            if (store == null) {
                store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), JsonSerde.of(InFlight.class))
                        .withLoggingDisabled().build();
                store.init(context.getStateStoreContext(), store);
            }
            context.addStateStore(store);
            processor = new AsyncModelProcessor<>(new EchoTask(), gateway, AsyncSettings.defaults().withCapacity(4)
                    .withOrdering(ordering), STORE, null);
            processor.init(context);
        }

        void pipe(String key, Item item) {
            context.setRecordMetadata("items", 0, offset++);
            processor.process(new Record<>(key, item, 1_000L));
        }

        /** Waits for every call to finish, then lets the punctuator emit. */
        List<String> drain() {
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.inFlight() == 0);
            context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(System.currentTimeMillis()));
            return results();
        }

        List<String> results() {
            return context.forwarded().stream().map(f -> f.record().value())
                    .filter(v -> v instanceof AsyncOutcome.Result).map(v -> ((AsyncOutcome.Result<Item, String>) v).value()).toList();
        }

        void crash() {
            processor.close();
        }
    }

    @Test
    void orderedCacheHitWaitingBehindAnUnfinishedCallSurvivesACrash() {
        FakeChatClient client = FakeChatClient.sentiment().hold("slow");
        ModelGateway gateway = gateway(client);
        Owner first = new Owner(gateway, Ordering.ORDERED);
        first.pipe("other", new Item("p-0", "cached words"));
        assertThat(first.drain()).containsExactly("p-0:50");

        first.pipe("alice", new Item("p-1", "slow words"));
        first.pipe("alice", new Item("p-2", "cached words")); // a cache hit, held behind p-1 by per-key order
        first.crash();
        client.release("slow");

        Owner second = new Owner(gateway(FakeChatClient.sentiment()), Ordering.ORDERED);
        assertThat(second.drain()).containsExactly("p-1:50", "p-2:50");
    }

    @Test
    void twoInputsWithTheSamePostIdEachKeepTheirOwnInFlightEntry() {
        FakeChatClient client = FakeChatClient.sentiment().hold("second");
        ModelGateway gateway = gateway(client);
        Owner first = new Owner(gateway, Ordering.UNORDERED);
        first.pipe("alice", new Item("p-1", "first words good"));
        first.pipe("alice", new Item("p-1", "second words bad"));
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.inFlight() == 1);
        first.context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(System.currentTimeMillis()));
        assertThat(first.results()).containsExactly("p-1:80");
        first.crash();
        client.release("second");

        Owner second = new Owner(gateway(FakeChatClient.sentiment()), Ordering.UNORDERED);
        assertThat(second.drain()).containsExactly("p-1:20");
    }

    @Test
    void aReissuedRequestAnsweredFromTheCacheKeepsItsEntryUntilEmitted() {
        FakeChatClient client = FakeChatClient.sentiment().hold("words");
        ModelGateway shared = gateway(FakeChatClient.sentiment());
        Owner first = new Owner(gateway(client), Ordering.UNORDERED);
        first.pipe("alice", new Item("p-1", "held words good"));
        first.crash();
        client.release("words");
        // the answer reached the shared cache meanwhile (e.g. another task asked the same question)
        shared.remember(shared.cacheKey(new EchoTask().prepare(new Item("x", "held words good"))),
                ModelAnswer.fresh("80", "fake-model", 1, 1, new ModelAnswer.Call(0.0, 1, 1)));

        Owner second = new Owner(shared, Ordering.UNORDERED); // re-issues p-1, a cache hit; crashes before emitting
        second.crash();

        Owner third = new Owner(gateway(FakeChatClient.sentiment()), Ordering.UNORDERED);
        assertThat(third.drain()).containsExactly("p-1:80");
    }
}
