package io.chorus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.http.DashboardFixture.Author;
import io.chorus.http.DashboardFixture.Response;
import io.chorus.http.DashboardFixture.Sent;
import io.chorus.testing.SharedBroker;
import io.chorus.topics.Topics;
import io.chorus.aggregate.AggregateStage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves that any instance answers any sentiment query: two instances of one application (same id, own state dirs
 * and HTTP ports, bearer token on) each hold some communities' windows, and both give identical answers for every
 * community and for all communities, fetching keys they do not hold from the other instance.
 */
class TwoInstanceQueryTest {

    private static final String TOKEN = "two-instance-token";
    private static final String STORE_1M = AggregateStage.storeName("1m");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void bothInstancesAnswerEveryCommunityIdenticallyIncludingKeysHeldByTheOther() {
        ChorusConfig configA = DashboardFixture.config(Map.of(ChorusConfig.HTTP_TOKEN, TOKEN,
                // both instances start empty, so the first balanced assignment is final (no warm-up moves)
                "streams.probing.rebalance.interval.ms", 60_000L));
        ChorusConfig configB = configA.with(Map.of(ChorusConfig.STATE_DIR, SharedBroker.tempDir("chorus-test-state-b-").toString()));
        Topics topics = Topics.from(configA);
        try (ChorusApp a = DashboardFixture.start(configA, true);
             ChorusApp b = DashboardFixture.start(configB, false);
             Producer<byte[], byte[]> producer = FeedProducer.producer(configA.kafkaClientProps())) {
            List<ChorusApp> apps = List.of(a, b);
            assertThat(a.httpUrl()).isNotEqualTo(b.httpUrl());
            await("both instances RUNNING, each holding part of " + STORE_1M).atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                        for (ChorusApp app : apps) {
                            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
                            assertThat(app.streams().streamsMetadataForStore(STORE_1M)).hasSize(2);
                        }
                    });

            List<Author> authors = DashboardFixture.authors(3);
            DashboardFixture.produceProfiles(producer, topics, authors);
            Map<String, String> communityOfGroup = DashboardFixture.awaitCommunities(a.httpUrl(), TOKEN, authors);
            DashboardFixture.awaitCommunities(b.httpUrl(), TOKEN, authors);
            Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.MINUTES);
            List<Sent> sent = DashboardFixture.producePosts(producer, topics, authors, 2, minute, "p");

            // Each instance holds at least one community and must fetch at least one from the other.
            for (ChorusApp app : apps) {
                HostInfo self = hostOf(app);
                List<String> remote = new ArrayList<>();
                List<String> local = new ArrayList<>();
                for (String id : communityOfGroup.values()) {
                    KeyQueryMetadata meta = app.streams().queryMetadataForKey(STORE_1M, id, Serdes.String().serializer());
                    (meta.activeHost().equals(self) ? local : remote).add(id);
                }
                assertThat(remote).as("communities held by the other instance, seen from " + self).isNotEmpty();
                assertThat(local).as("communities held by " + self).isNotEmpty();
            }

            String range = "&from=" + minute.minus(1, ChronoUnit.HOURS) + "&to=" + minute.plus(1, ChronoUnit.HOURS);
            await("every post counted, seen from both instances").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                    .untilAsserted(() -> {
                        for (ChorusApp app : apps) {
                            JsonNode all = get(app, "api/sentiment?window=1m" + range);
                            long total = 0;
                            for (String id : communityOfGroup.values()) {
                                for (JsonNode w : all.path("communities").path(id)) {
                                    total += w.get("count").asLong();
                                }
                            }
                            assertThat(total).isEqualTo(sent.size());
                        }
                    });

            for (var e : communityOfGroup.entrySet()) {
                long produced = sent.stream().filter(s -> s.group().equals(e.getKey())).count();
                for (String query : List.of("?window=1m" + range, "?window=1h" + range, "?window=1m")) {
                    JsonNode fromA = get(a, "api/communities/" + e.getValue() + "/sentiment" + query);
                    JsonNode fromB = get(b, "api/communities/" + e.getValue() + "/sentiment" + query);
                    assertThat(fromA).as(e.getValue() + query).isEqualTo(fromB);
                    assertThat(fromA.get("windows").get(0).get("count").asLong()).as(e.getValue() + query).isEqualTo(produced);
                }
            }
            for (String query : List.of("?window=1m" + range, "?window=1h", "?window=1m")) {
                assertThat(get(a, "api/sentiment" + query)).as(query).isEqualTo(get(b, "api/sentiment" + query));
            }
            assertThat(get(a, "api/sentiment?window=1m").get("communities").size()).isEqualTo(communityOfGroup.size());
        }
    }

    private static HostInfo hostOf(ChorusApp app) {
        String hostPort = app.httpUrl().substring("http://".length(), app.httpUrl().length() - 1);
        int colon = hostPort.lastIndexOf(':');
        return new HostInfo(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static JsonNode get(ChorusApp app, String pathAndQuery) {
        Response r = DashboardFixture.get(app.httpUrl() + pathAndQuery, TOKEN);
        assertThat(r.status()).as(app.httpUrl() + pathAndQuery + " -> " + r.body()).isEqualTo(200);
        return r.json();
    }
}
