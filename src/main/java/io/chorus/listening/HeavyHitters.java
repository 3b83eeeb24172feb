package io.chorus.listening;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most frequent terms of a stream in bounded memory: the Space-Saving algorithm (Metwally, Agrawal and El Abbadi,
 * 2005). At most {@code capacity} counters are kept; a new term when all are taken replaces the smallest counter and
 * inherits its count as its error. Every term whose true count exceeds n / capacity is guaranteed to be held, each
 * estimate is never below the true count and at most its {@code error} above it. Serialised as is into the state store.
 */
public final class HeavyHitters {

    /** One counter. */
    public static final class Counter {
        public long count;
        public long error;

        public Counter() {
        }

        Counter(long count, long error) {
            this.count = count;
            this.error = error;
        }
    }

    public int capacity;
    public long total;
    public Map<String, Counter> counters = new HashMap<>();

    public HeavyHitters() {
    }

    public HeavyHitters(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    public void add(String term) {
        total++;
        Counter c = counters.get(term);
        if (c != null) {
            c.count++;
            return;
        }
        if (counters.size() < capacity) {
            counters.put(term, new Counter(1, 0));
            return;
        }
        String smallest = null;
        long min = Long.MAX_VALUE;
        for (Map.Entry<String, Counter> e : counters.entrySet()) {
            long count = e.getValue().count;
            // ties broken by term so that the same input always evicts the same counter
            if (count < min || (count == min && e.getKey().compareTo(smallest) < 0)) {
                min = count;
                smallest = e.getKey();
            }
        }
        counters.remove(smallest);
        counters.put(term, new Counter(min + 1, min));
    }

    /** Estimated count of {@code term} (0 when not held). */
    public long estimate(String term) {
        Counter c = counters.get(term);
        return c == null ? 0 : c.count;
    }

    /** Held terms, highest estimate first (ties by term). */
    public List<Map.Entry<String, Counter>> top() {
        List<Map.Entry<String, Counter>> list = new ArrayList<>(counters.entrySet());
        list.sort(Comparator.<Map.Entry<String, Counter>>comparingLong(e -> -e.getValue().count).thenComparing(Map.Entry::getKey));
        return list;
    }
}
