package io.chorus.async;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** Counters and timers of one model endpoint, tagged by model and use. */
public final class ModelMetrics {

    private final MeterRegistry registry;
    private final String model;

    /** @param inFlight calls in flight through the endpoint, exported as a gauge */
    public ModelMetrics(MeterRegistry registry, String model, IntSupplier inFlight) {
        this.registry = registry;
        this.model = model;
        io.micrometer.core.instrument.Gauge.builder("chorus.model.inflight", inFlight, s -> s.getAsInt())
                .tags(Tags.of("model", model)).strongReference(true).register(registry);
    }

    void call(String use, long latencyNanos, long tokensIn, long tokensOut, double cost) {
        Timer.builder("chorus.model.call.latency").tags("model", model, "use", use).publishPercentileHistogram()
                .register(registry).record(latencyNanos, TimeUnit.NANOSECONDS);
        counter("chorus.model.calls", use).increment();
        Counter.builder("chorus.model.tokens").tags("model", model, "use", use, "direction", "in").register(registry).increment(tokensIn);
        Counter.builder("chorus.model.tokens").tags("model", model, "use", use, "direction", "out").register(registry).increment(tokensOut);
        Counter.builder("chorus.model.cost.usd").tags("model", model, "use", use).register(registry).increment(cost);
    }

    void queueWait(String use, long nanos) {
        Timer.builder("chorus.model.queue.wait").tags("model", model, "use", use).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A wait before a call because the endpoint's headers said its limit was spent. */
    void providerPause(long millis) {
        Timer.builder("chorus.model.provider.pause").tags("model", model).register(registry).record(millis, TimeUnit.MILLISECONDS);
    }

    void retry(String use) {
        counter("chorus.model.retries", use).increment();
    }

    void failure(String use, String cause) {
        Counter.builder("chorus.model.failures").tags("model", model, "use", use, "cause", cause).register(registry).increment();
    }

    public void cacheHit(String use, String layer) {
        Counter.builder("chorus.model.cache.hits").tags("model", model, "use", use, "layer", layer).register(registry).increment();
    }

    private Counter counter(String name, String use) {
        return Counter.builder(name).tags("model", model, "use", use).register(registry);
    }

    /** The sum of counter {@code name} for {@code use} (all other tags). */
    public double count(String name, String use) {
        var c = registry.find(name).tags("model", model, "use", use).counters();
        return c.stream().mapToDouble(Counter::count).sum();
    }
}
