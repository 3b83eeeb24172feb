package io.chorus.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * What the application holds in its changelogged state, read from the changelog topics: model requests saved in
 * the {@code <use>-inflight} stores (input offset committed, answer not yet emitted) by their source coordinates, and
 * profiles waiting in the community writer's batch ({@code community-pending}) by user id. These inputs are
 * pending, not lost: a restart issues the requests again and flushes the batch.
 */
final class InFlightState {

    private final Set<String> requests = new HashSet<>();
    private final Set<String> profiles = new HashSet<>();

    static InFlightState read(TopicScan scan, String applicationId) {
        InFlightState state = new InFlightState();
        String prefix = applicationId + "-";
        for (String topic : scan.topics()) {
            if (!topic.startsWith(prefix)) {
                continue;
            }
            if (topic.endsWith("-inflight-changelog")) {
                scan.latestByKey(topic).values().forEach(v -> {
                    JsonNode n = Reconciler.parse(v);
                    String source = Reconciler.text(n, "sourceTopic");
                    if (source != null && n.hasNonNull("sourcePartition") && n.hasNonNull("sourceOffset")) {
                        state.requests.add(source + "/" + n.get("sourcePartition").asInt() + "@" + n.get("sourceOffset").asLong());
                    }
                });
            } else if (topic.equals(prefix + "community-pending-changelog")) {
                scan.latestByKey(topic).values().forEach(v -> {
                    String userId = Reconciler.text(Reconciler.parse(v), "userId");
                    if (userId != null) {
                        state.profiles.add(userId);
                    }
                });
            }
        }
        return state;
    }

    boolean isInFlight(String topic, int partition, long offset) {
        return requests.contains(topic + "/" + partition + "@" + offset);
    }

    boolean isWaitingProfile(String userId) {
        return profiles.contains(userId);
    }

    int requests() {
        return requests.size();
    }

    int waitingProfiles() {
        return profiles.size();
    }
}
