package io.chorus.http;

import io.chorus.model.Community;
import io.chorus.model.SentimentStats;
import io.chorus.aggregate.AggregateStage;
import io.chorus.aggregate.WindowSizes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Interactive queries over the sentiment window stores, answered the same by every instance: a community's windows
 * are read from the store where Kafka Streams says its key lives ({@code queryMetadataForKey}), locally or over
 * HTTP from the owning instance's {@code /api/internal/...} endpoints; "all communities" gathers each instance's
 * local part ({@code streamsMetadataForStore}). Internal endpoints only ever answer from local state, so a query
 * is forwarded at most once.
 *
 * <p>Ranges are over window <em>start</em> times, both ends inclusive. Without {@code from}/{@code to} the range is
 * the last hour of stream data: it ends at the latest window start in the store (of that community, or of all
 * communities on all instances), not at the wall clock, so replays of old feeds show up too.
 */
final class SentimentQueries {

    static final String COMMUNITIES_STORE = "communities-global";
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    /** Longest range a query may ask for; window stores keep far less, and wider fetches only cost time. */
    static final Duration MAX_RANGE = Duration.ofDays(90);

    /** One tumbling window of one community. {@code meanScore} is 0–100. */
    public record SentimentWindow(Instant start, Instant end, long count, Double meanScore, long positive, long neutral,
                                  long negative) {
    }

    /** A community's windows in a range. */
    public record CommunitySentiment(String communityId, String label, String window, Instant from, Instant to,
                                     List<SentimentWindow> windows) {
    }

    /** Every community's windows in one range: {@code communities} maps id to windows, {@code labels} id to label. */
    public record AllSentiment(String window, Instant from, Instant to, Map<String, List<SentimentWindow>> communities,
                               Map<String, String> labels) {
    }

    /** One instance's local part of an all-communities query. */
    public record LocalPart(Map<String, List<SentimentWindow>> communities, Map<String, String> labels) {
    }

    /** The latest window start this instance holds, or null when its part of the store is empty. */
    public record Latest(Instant windowStart) {
    }

    /**
     * The window starts a store holds, earliest and latest (both null when empty): the data's own time range, so a
     * page can show a feed spread over years without the user guessing the period.
     */
    public record Span(String window, Instant from, Instant to) {
        Span merge(Span other) {
            return new Span(window, min(from, other.from), max(to, other.to));
        }

        private static Instant min(Instant a, Instant b) {
            return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
        }

        private static Instant max(Instant a, Instant b) {
            return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
        }
    }

    private final KafkaStreams streams;
    private final InstanceRouter router;
    private final List<String> windowLabels;

    SentimentQueries(InstanceRouter router, List<String> windowLabels) {
        this.router = router;
        this.streams = router.streams();
        this.windowLabels = List.copyOf(windowLabels);
    }

    /** The window label if configured, else a 400 naming the parameter and the allowed values. */
    String checkWindow(String label) {
        String w = label == null || label.isBlank() ? windowLabels.get(0) : label;
        if (!windowLabels.contains(w)) {
            throw ApiError.badParameter("window", "'" + w + "' is not one of the configured windows " + windowLabels
                    + " (stats.windows)");
        }
        return w;
    }

    // ---- public queries (may go remote) ----

    /** A community's windows, from whichever instance holds the key. */
    CommunitySentiment community(String communityId, String window, Instant from, Instant to) {
        HostInfo owner = router.owner(AggregateStage.storeName(window), communityId);
        if (router.isSelf(owner)) {
            return localCommunity(communityId, window, from, to);
        }
        String path = "/api/internal/communities/" + InstanceRouter.encode(communityId) + "/sentiment" + rangeQuery(window, from, to);
        return router.get(owner, path, CommunitySentiment.class);
    }

    /** Every community's windows: one range (resolved first, across instances), then every instance's local part. */
    AllSentiment all(String window, Instant from, Instant to) {
        Collection<StreamsMetadata> instances = instancesFor(window);
        Instant end = to;
        Instant start = from;
        if (end == null) {
            Instant latest = null;
            for (StreamsMetadata instance : instances) {
                Latest l = router.isSelf(instance.hostInfo()) ? localLatest(window)
                        : router.get(instance.hostInfo(), "/api/internal/sentiment/latest?window=" + InstanceRouter.encode(window), Latest.class);
                if (l.windowStart() != null && (latest == null || l.windowStart().isAfter(latest))) {
                    latest = l.windowStart();
                }
            }
            end = latest == null ? Instant.now() : latest;
        }
        if (start == null) {
            start = end.minus(DEFAULT_RANGE);
        }
        Map<String, List<SentimentWindow>> communities = new TreeMap<>();
        Map<String, String> labels = new TreeMap<>();
        for (StreamsMetadata instance : instances) {
            LocalPart part = router.isSelf(instance.hostInfo()) ? localAll(window, start, end)
                    : router.get(instance.hostInfo(), "/api/internal/sentiment" + rangeQuery(window, start, end), LocalPart.class);
            communities.putAll(part.communities());
            labels.putAll(part.labels());
        }
        return new AllSentiment(window, start, end, communities, labels);
    }

    /** The data's time range in {@code window} (the largest configured window when null), across instances. */
    Span span(String window) {
        String w = window == null || window.isBlank() ? largestWindow() : checkWindow(window);
        Span span = new Span(w, null, null);
        for (StreamsMetadata instance : instancesFor(w)) {
            span = span.merge(router.isSelf(instance.hostInfo()) ? localSpan(w)
                    : router.get(instance.hostInfo(), "/api/internal/sentiment/span?window=" + InstanceRouter.encode(w), Span.class));
        }
        return span;
    }

    /** The largest configured window: its store has the fewest entries to scan for the range. */
    String largestWindow() {
        return windowLabels.stream().max(java.util.Comparator.comparing(WindowSizes::parse)).orElseThrow();
    }

    private Collection<StreamsMetadata> instancesFor(String window) {
        String store = AggregateStage.storeName(window);
        Collection<StreamsMetadata> instances;
        try {
            instances = streams.streamsMetadataForStore(store);
        } catch (RuntimeException e) {
            throw ApiError.unavailable("no metadata for store " + store + " (" + e.getMessage() + "); retry shortly");
        }
        if (instances.isEmpty() && streams.state() != KafkaStreams.State.RUNNING) {
            throw ApiError.unavailable("store " + store + " is not available (Kafka Streams is " + streams.state() + "); retry shortly");
        }
        return instances;
    }

    // ---- local queries (internal endpoints answer only these) ----

    /** A community's windows from this instance's store; 503 when the key is not held here (moved in a rebalance). */
    CommunitySentiment localCommunity(String communityId, String window, Instant from, Instant to) {
        ReadOnlyWindowStore<String, SentimentStats> store = windowStore(window);
        Duration size = WindowSizes.parse(window);
        Instant end = to;
        if (end == null) {
            end = latestOf(store, communityId);
        }
        Instant start = from == null ? end.minus(DEFAULT_RANGE) : from;
        List<SentimentWindow> windows = new ArrayList<>();
        String label = null;
        try (WindowStoreIterator<SentimentStats> it = store.fetch(communityId, start, end)) {
            while (it.hasNext()) {
                KeyValue<Long, SentimentStats> kv = it.next();
                windows.add(view(Instant.ofEpochMilli(kv.key), size, kv.value));
                label = kv.value.communityLabel() == null ? label : kv.value.communityLabel();
            }
        }
        String current = currentLabels().get(communityId);
        return new CommunitySentiment(communityId, current != null ? current : label, window, start, end, windows);
    }

    LocalPart localAll(String window, Instant from, Instant to) {
        ReadOnlyWindowStore<String, SentimentStats> store = windowStore(window);
        Duration size = WindowSizes.parse(window);
        Map<String, List<SentimentWindow>> communities = new TreeMap<>();
        Map<String, String> labels = new TreeMap<>();
        try (KeyValueIterator<Windowed<String>, SentimentStats> it = store.fetchAll(from, to)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, SentimentStats> kv = it.next();
                String id = kv.key.key();
                communities.computeIfAbsent(id, k -> new ArrayList<>()).add(view(kv.key.window().startTime(), size, kv.value));
                if (kv.value.communityLabel() != null) {
                    labels.put(id, kv.value.communityLabel());
                }
            }
        }
        communities.values().forEach(l -> l.sort((a, b) -> a.start().compareTo(b.start())));
        Map<String, String> current = currentLabels();
        communities.keySet().forEach(id -> Optional.ofNullable(current.get(id)).ifPresent(l -> labels.put(id, l)));
        return new LocalPart(communities, labels);
    }

    Latest localLatest(String window) {
        Instant latest = null;
        try (KeyValueIterator<Windowed<String>, SentimentStats> it = windowStore(window).all()) {
            while (it.hasNext()) {
                Instant start = it.next().key.window().startTime();
                if (latest == null || start.isAfter(latest)) {
                    latest = start;
                }
            }
        }
        return new Latest(latest);
    }

    /** The earliest and latest window starts of this instance's part of the store. */
    Span localSpan(String window) {
        Instant earliest = null;
        Instant latest = null;
        try (KeyValueIterator<Windowed<String>, SentimentStats> it = windowStore(window).all()) {
            while (it.hasNext()) {
                Instant start = it.next().key.window().startTime();
                earliest = earliest == null || start.isBefore(earliest) ? start : earliest;
                latest = latest == null || start.isAfter(latest) ? start : latest;
            }
        }
        return new Span(window, earliest, latest);
    }

    /** Communities from the global store (every instance holds all of them), largest first. */
    List<Community> communities() {
        List<Community> out = new ArrayList<>();
        try (KeyValueIterator<String, Community> it = communityStore().all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null) {
                    out.add(kv.value);
                }
            });
        }
        out.sort((a, b) -> a.size() != b.size() ? Long.compare(b.size(), a.size()) : a.id().compareTo(b.id()));
        return out;
    }

    private Map<String, String> currentLabels() {
        Map<String, String> labels = new HashMap<>();
        try {
            for (Community c : communities()) {
                if (c.label() != null) {
                    labels.put(c.id(), c.label());
                }
            }
        } catch (ApiError e) {
            // labels then come from the aggregates themselves
        }
        return labels;
    }

    /**
     * Latest window start of one key. A scan of the whole store, which keeps only size + grace of stream time: a
     * fetch over an open time range would walk the caching layer one segment interval at a time.
     */
    private static Instant latestOf(ReadOnlyWindowStore<String, SentimentStats> store, String key) {
        Instant latest = null;
        try (KeyValueIterator<Windowed<String>, SentimentStats> it = store.all()) {
            while (it.hasNext()) {
                Windowed<String> w = it.next().key;
                if (w.key().equals(key) && (latest == null || w.window().startTime().isAfter(latest))) {
                    latest = w.window().startTime();
                }
            }
        }
        return latest == null ? Instant.now() : latest;
    }

    private static SentimentWindow view(Instant start, Duration size, SentimentStats s) {
        Double mean = s.count() == 0 ? null : s.scoreSum() / s.count();
        return new SentimentWindow(start, start.plus(size), s.count(), mean, s.positive(), s.neutral(), s.negative());
    }

    private ReadOnlyWindowStore<String, SentimentStats> windowStore(String window) {
        String name = AggregateStage.storeName(window);
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, SentimentStats>windowStore()));
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("store " + name + " is not queryable here now (Kafka Streams is " + streams.state()
                    + ": " + e.getMessage() + "); retry shortly");
        }
    }

    private ReadOnlyKeyValueStore<String, Community> communityStore() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(COMMUNITIES_STORE, QueryableStoreTypes.<String, Community>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("store " + COMMUNITIES_STORE + " is not queryable now (Kafka Streams is "
                    + streams.state() + ": " + e.getMessage() + "); retry shortly");
        }
    }

    private static String rangeQuery(String window, Instant from, Instant to) {
        StringBuilder q = new StringBuilder("?window=").append(InstanceRouter.encode(window));
        if (from != null) {
            q.append("&from=").append(InstanceRouter.encode(from.toString()));
        }
        if (to != null) {
            q.append("&to=").append(InstanceRouter.encode(to.toString()));
        }
        return q.toString();
    }

}
