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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Proves that any instance answers any sentiment query: two instances of one application (same id, own state dirs
 * and HTTP ports, bearer token on) each hold some communities' windows, and both give identical answers for every
 * community and for all communities, fetching keys they do not hold from the other instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstanceQueryTest {

    private static final String TOKEN = "two-instance-token";
    private static final String STORE_1M = AggregateStage.storeName("1m");

    /** One query asked of both instances: what each answered, and (for one community) how many posts it holds. */
    private record Asked(String what, JsonNode fromA, JsonNode fromB, long produced) {
    }

    /** Which communities an instance holds itself and which it must fetch from the other. */
    private record Holding(HostInfo self, List<String> local, List<String> remote) {
    }

    private String urlA;
    private String urlB;
    private final List<Holding> holdings = new ArrayList<>();
    private final List<Asked> perCommunity = new ArrayList<>();
    private final List<Asked> allCommunities = new ArrayList<>();
    private int communities;
    private int communitiesInTheAnswer;

    /** Both instances run once; what they hold and answer is recorded, and each test checks one behaviour of it. */
    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void runTwoInstancesAndAskBoth() {
        ChorusConfig configA = DashboardFixture.config(Map.of(ChorusConfig.HTTP_TOKEN, TOKEN,
                // both instances start empty, so the first balanced assignment is final (no warm-up moves)
                "streams.probing.rebalance.interval.ms", 60_000L));
        ChorusConfig configB = configA.with(Map.of(ChorusConfig.STATE_DIR, SharedBroker.tempDir("chorus-test-state-b-").toString()));
        Topics topics = Topics.from(configA);
        try (ChorusApp a = DashboardFixture.start(configA, true);
             ChorusApp b = DashboardFixture.start(configB, false);
             Producer<byte[], byte[]> producer = FeedProducer.producer(configA.kafkaClientProps())) {
            List<ChorusApp> apps = List.of(a, b);
            urlA = a.httpUrl();
            urlB = b.httpUrl();
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
            communities = communityOfGroup.size();
            Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.MINUTES);
            List<Sent> sent = DashboardFixture.producePosts(producer, topics, authors, 2, minute, "p");

            for (ChorusApp app : apps) {
                HostInfo self = hostOf(app);
                List<String> remote = new ArrayList<>();
                List<String> local = new ArrayList<>();
                for (String id : communityOfGroup.values()) {
                    KeyQueryMetadata meta = app.streams().queryMetadataForKey(STORE_1M, id, Serdes.String().serializer());
                    (meta.activeHost().equals(self) ? local : remote).add(id);
                }
                holdings.add(new Holding(self, local, remote));
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
                    String path = "api/communities/" + e.getValue() + "/sentiment" + query;
                    perCommunity.add(new Asked(e.getValue() + query, get(a, path), get(b, path), produced));
                }
            }
            for (String query : List.of("?window=1m" + range, "?window=1h", "?window=1m")) {
                allCommunities.add(new Asked(query, get(a, "api/sentiment" + query), get(b, "api/sentiment" + query), -1));
            }
            communitiesInTheAnswer = get(a, "api/sentiment?window=1m").get("communities").size();
        }
    }

    @Test
    void theInstancesServeOnTheirOwnAddresses() {
        assertThat(urlA).isNotEqualTo(urlB);
    }

    @Test
    void eachInstanceHoldsSomeCommunitiesAndMustFetchOthers() {
        assertThat(holdings).hasSize(2).allSatisfy(h -> {
            assertThat(h.remote()).as("communities held by the other instance, seen from " + h.self()).isNotEmpty();
            assertThat(h.local()).as("communities held by " + h.self()).isNotEmpty();
        });
    }

    @Test
    void bothInstancesAnswerEachCommunityIdentically() {
        assertThat(perCommunity).isNotEmpty().allSatisfy(q -> assertThat(q.fromA()).as(q.what()).isEqualTo(q.fromB()));
    }

    @Test
    void eachCommunitysAnswerCountsItsPosts() {
        assertThat(perCommunity).isNotEmpty().allSatisfy(q ->
                assertThat(q.fromA().get("windows").get(0).get("count").asLong()).as(q.what()).isEqualTo(q.produced()));
    }

    @Test
    void bothInstancesAnswerAllCommunitiesIdentically() {
        assertThat(allCommunities).isNotEmpty().allSatisfy(q -> assertThat(q.fromA()).as(q.what()).isEqualTo(q.fromB()));
    }

    @Test
    void theAnswerForAllCommunitiesListsEveryCommunity() {
        assertThat(communitiesInTheAnswer).isEqualTo(communities);
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
