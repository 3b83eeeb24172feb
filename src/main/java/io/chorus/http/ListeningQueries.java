package io.chorus.http;

import io.chorus.listening.CampaignOutcomes;
import io.chorus.listening.ListeningStage;
import io.chorus.model.CampaignOutcome;
import io.chorus.listening.TrendHistory;
import io.chorus.model.SentimentAlert;
import io.chorus.model.TrendReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.StreamsMetadata;

/**
 * Sentiment-shift alerts and trending terms across instances: alerts are gathered from every instance's local
 * {@code listening-alerts} store (alerts of different communities live on different instances); a community's trends
 * come from the instance that holds its key in {@code listening-trends}, fetched from the owner when it is not this one.
 */
final class ListeningQueries {

    /** Alerts, newest change first. */
    record Alerts(List<SentimentAlert> alerts, int open) {
    }

    /** Outcomes per campaign and variant, most answered first. */
    record Outcomes(List<CampaignOutcome> outcomes) {
    }

    /** A community's trend reports, oldest first. */
    record Trends(String communityId, List<TrendReport> reports) {
    }

    private final KafkaStreams streams;
    private final InstanceRouter router;

    ListeningQueries(InstanceRouter router) {
        this.router = router;
        this.streams = router.streams();
    }

    /** Every alert (or only open ones), optionally of one community. */
    Alerts alerts(boolean openOnly, String communityId) {
        Collection<StreamsMetadata> instances;
        try {
            instances = streams.streamsMetadataForStore(ListeningStage.ALERTS_STORE);
        } catch (RuntimeException e) {
            throw ApiError.unavailable("no metadata for store " + ListeningStage.ALERTS_STORE + " (" + e.getMessage() + "); retry shortly");
        }
        List<SentimentAlert> all = new ArrayList<>();
        for (StreamsMetadata instance : instances) {
            Alerts part = router.isSelf(instance.hostInfo()) ? localAlerts()
                    : router.get(instance.hostInfo(), "/api/internal/alerts", Alerts.class);
            all.addAll(part.alerts());
        }
        List<SentimentAlert> selected = all.stream()
                .filter(a -> !openOnly || a.open())
                .filter(a -> communityId == null || communityId.equals(a.communityId()))
                .sorted(Comparator.comparing((SentimentAlert a) -> a.evidence().windowStart()).reversed().thenComparing(SentimentAlert::alertId))
                .toList();
        return new Alerts(selected, (int) all.stream().filter(SentimentAlert::open).count());
    }

    /** This instance's alerts only. */
    Alerts localAlerts() {
        List<SentimentAlert> out = new ArrayList<>();
        try (KeyValueIterator<String, SentimentAlert> it = this.<SentimentAlert>store(ListeningStage.ALERTS_STORE).all()) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return new Alerts(out, (int) out.stream().filter(SentimentAlert::open).count());
    }

    /** Every campaign's outcomes (optionally one campaign's), gathered from every instance. */
    Outcomes outcomes(String campaignId) {
        Collection<StreamsMetadata> instances;
        try {
            instances = streams.streamsMetadataForStore(CampaignOutcomes.OUTCOMES_STORE);
        } catch (RuntimeException e) {
            throw ApiError.unavailable("no metadata for store " + CampaignOutcomes.OUTCOMES_STORE + " (" + e.getMessage() + "); retry shortly");
        }
        List<CampaignOutcome> all = new ArrayList<>();
        for (StreamsMetadata instance : instances) {
            Outcomes part = router.isSelf(instance.hostInfo()) ? localOutcomes()
                    : router.get(instance.hostInfo(), "/api/internal/campaigns/outcomes", Outcomes.class);
            all.addAll(part.outcomes());
        }
        return new Outcomes(all.stream().filter(o -> campaignId == null || campaignId.equals(o.campaignId()))
                .sorted(Comparator.comparingLong((CampaignOutcome o) -> -o.replies()).thenComparing(CampaignOutcome::campaignId)
                        .thenComparing(CampaignOutcome::variant)).toList());
    }

    /** This instance's outcomes only. */
    Outcomes localOutcomes() {
        List<CampaignOutcome> out = new ArrayList<>();
        try (KeyValueIterator<String, CampaignOutcome> it = this.<CampaignOutcome>store(CampaignOutcomes.OUTCOMES_STORE).all()) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return new Outcomes(out);
    }

    /** A community's trend reports; with {@code windowStart}, only the report of that window. */
    Trends trends(String communityId, Instant windowStart) {
        HostInfo owner = router.owner(ListeningStage.TRENDS_STORE, communityId);
        Trends all = router.isSelf(owner) ? localTrends(communityId)
                : router.get(owner, "/api/internal/trends/" + InstanceRouter.encode(communityId), Trends.class);
        if (windowStart == null) {
            return all;
        }
        List<TrendReport> one = all.reports().stream().filter(r -> r.windowStart().equals(windowStart)).toList();
        if (one.isEmpty()) {
            throw new ApiError(404, "no trending terms for community '" + communityId + "' in the window starting " + windowStart);
        }
        return new Trends(communityId, one);
    }

    /** From this instance's store only; an empty list when the community has had no trending terms yet. */
    Trends localTrends(String communityId) {
        TrendHistory history = this.<TrendHistory>store(ListeningStage.TRENDS_STORE).get(communityId);
        return new Trends(communityId, history == null ? List.of() : history.reports());
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("store " + name + " is not queryable here now (Kafka Streams is " + streams.state() + ": "
                    + e.getMessage() + "); retry shortly");
        }
    }
}
