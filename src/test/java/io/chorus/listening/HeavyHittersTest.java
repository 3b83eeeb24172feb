package io.chorus.listening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Proves the Space-Saving guarantees on random streams: estimates bound the truth and every true heavy hitter is held. */
class HeavyHittersTest {

    @Property(tries = 200)
    void estimatesNeverUnderCountAndOverCountAtMostTheirError(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 60) Integer> stream,
                                                              @ForAll @IntRange(min = 1, max = 20) int capacity) {
        HeavyHitters sketch = new HeavyHitters(capacity);
        Map<String, Long> truth = new HashMap<>();
        for (int i : stream) {
            sketch.add("t" + i);
            truth.merge("t" + i, 1L, Long::sum);
        }
        assertThat(sketch.counters).hasSizeLessThanOrEqualTo(capacity);
        sketch.counters.forEach((term, c) -> {
            long actual = truth.getOrDefault(term, 0L);
            assertThat(c.count).isGreaterThanOrEqualTo(actual);
            assertThat(c.count - c.error).isLessThanOrEqualTo(actual);
        });
        truth.forEach((term, n) -> {
            if (n > stream.size() / capacity) {
                assertThat(sketch.counters).as("heavy hitter %s (%d of %d)", term, n, stream.size()).containsKey(term);
            }
        });
    }
}
