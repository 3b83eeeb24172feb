package io.chorus.listening;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.model.EnrichedPost;
import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import io.chorus.model.SentimentAlert;
import io.chorus.model.SentimentLabel;
import io.chorus.model.TrendReport;
import io.chorus.serde.JsonSerde;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the listening stage on its own: a community whose posts turn negative at a known time gets exactly one
 * alert that opens within two windows and resolves after the change ends, other communities none; a hashtag burst in
 * one community trends there only; late posts are counted, never silently lost.
 */
class ListeningTopologyTest {

    private static final String SOURCE = "enriched-by-author-test";
    private static final Instant T0 = Instant.parse("2021-03-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    private Path stateDir;

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    private TopologyTestDriver driver(Map<String, Object> extra) throws Exception {
        Map<String, Object> props = new HashMap<>(Map.of(ChorusConfig.BOOTSTRAP_SERVERS, "unused:9092"));
        props.put(ChorusConfig.STATS_GRACE_MS, 0L);
        props.putAll(extra);
        ChorusConfig config = new ChorusConfig(props);
        StreamsBuilder builder = new StreamsBuilder();
        var input = builder.stream(SOURCE, Consumed.with(Serdes.String(), JsonSerde.of(EnrichedPost.class)));
        ListeningStage.attach(builder, input, config, Topics.from(config));
        Topology topology = builder.build();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "listening-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        if (stateDir == null) {
            stateDir = Files.createTempDirectory("listening-test-");
        }
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        TopologyTestDriver driver = new TopologyTestDriver(topology, p);
        drivers.add(driver);
        return driver;
    }

    private static TestInputTopic<String, EnrichedPost> in(TopologyTestDriver driver) {
        return driver.createInputTopic(SOURCE, Serdes.String().serializer(), JsonSerde.of(EnrichedPost.class).serializer());
    }

    private static TestOutputTopic<String, SentimentAlert> alerts(TopologyTestDriver driver) {
        return driver.createOutputTopic(TopicId.ALERTS.defaultName(), Serdes.String().deserializer(),
                JsonSerde.of(SentimentAlert.class).deserializer());
    }

    private static TestOutputTopic<String, TrendReport> trends(TopologyTestDriver driver) {
        return driver.createOutputTopic(TopicId.TRENDS.defaultName(), Serdes.String().deserializer(),
                JsonSerde.of(TrendReport.class).deserializer());
    }

    private static int seq;

    static EnrichedPost post(String community, Instant at, double score, String text) {
        String id = "p" + (++seq);
        Post p = new Post(1, id, "a-" + community, text, at, "en", List.of(), null);
        ScoredPost s = new ScoredPost(1, id, p.authorId(), p, score, score < 40 ? SentimentLabel.NEGATIVE : score > 60
                ? SentimentLabel.POSITIVE : SentimentLabel.NEUTRAL, "test", at);
        return new EnrichedPost(1, id, p.authorId(), s, community, "label " + community, 1.0, null);
    }

    /** Hours [0, hours) of posts for {@code community}: 20 an hour, mean 65 ± noise, except hours in [shiftFrom, shiftTo) at mean 25. */
    private static void feed(TestInputTopic<String, EnrichedPost> in, String community, int fromHour, int toHour, int shiftFrom, int shiftTo,
                             Random random) {
        for (int h = fromHour; h < toHour; h++) {
            double mean = h >= shiftFrom && h < shiftTo ? 25 : 65;
            for (int i = 0; i < 20; i++) {
                Instant at = T0.plus(HOUR.multipliedBy(h)).plusSeconds(i * 170L);
                double score = Math.max(0, Math.min(100, mean + random.nextGaussian() * 8));
                in.pipeInput("a-" + community, post(community, at, score, "ordinary words about coffee number " + (h * 20 + i)), at);
            }
        }
    }

    /** Interleaves communities hour by hour, as a live feed would. */
    private static void feedAll(TestInputTopic<String, EnrichedPost> in, int fromHour, int toHour, Random random) {
        for (int h = fromHour; h < toHour; h++) {
            feed(in, "c1", h, h + 1, 12, 15, random);
            feed(in, "c2", h, h + 1, -1, -1, random);
        }
    }

    @Test
    void opensExactlyOneAlertForTheCommunityThatTurnsNegativeAndResolvesItAfter() throws Exception {
        TopologyTestDriver driver = driver(Map.of(ChorusConfig.ALERTS_OVERALL, false));
        feedAll(in(driver), 0, 22, new Random(7));

        List<SentimentAlert> changes = alerts(driver).readValuesToList();
        assertThat(changes).extracting(SentimentAlert::communityId).containsOnly("c1");
        assertThat(changes).extracting(SentimentAlert::alertId).containsOnly("c1@" + T0.plus(HOUR.multipliedBy(12)).toEpochMilli());
        SentimentAlert opened = changes.get(0);
        assertThat(opened.status()).isEqualTo(SentimentAlert.Status.OPEN);
        assertThat(opened.direction()).isEqualTo(SentimentAlert.Direction.NEGATIVE);
        assertThat(opened.evidence().windowStart()).isBefore(T0.plus(HOUR.multipliedBy(14)));
        assertThat(opened.evidence().posts()).isEqualTo(20);
        assertThat(opened.evidence().baselineMean()).isBetween(60.0, 70.0);
        assertThat(opened.evidence().currentMean()).isBetween(20.0, 30.0);
        assertThat(opened.evidence().examplePostIds()).hasSize(3);
        SentimentAlert last = changes.get(changes.size() - 1);
        assertThat(last.status()).isEqualTo(SentimentAlert.Status.RESOLVED);
        assertThat(last.latest().windowStart()).isEqualTo(T0.plus(HOUR.multipliedBy(15)));
        assertThat(last.evidence()).isEqualTo(opened.evidence());
        assertThat(changes).filteredOn(a -> a.status() == SentimentAlert.Status.OPEN).hasSize(1);
    }

    @Test
    void judgesAllPostsTogetherAsTheCommunityAll() throws Exception {
        TopologyTestDriver driver = driver(Map.of());
        feedAll(in(driver), 0, 22, new Random(7));

        List<SentimentAlert> changes = alerts(driver).readValuesToList();
        assertThat(changes).extracting(SentimentAlert::communityId).contains("c1", ListeningSettings.ALL).doesNotContain("c2");
    }

    @Test
    void aFewPostsNeverRaiseAnAlert() throws Exception {
        TopologyTestDriver driver = driver(Map.of(ChorusConfig.ALERTS_OVERALL, false));
        var in = in(driver);
        for (int h = 0; h < 20; h++) {
            double score = h == 12 ? 5 : 70;
            for (int i = 0; i < 3; i++) {
                Instant at = T0.plus(HOUR.multipliedBy(h)).plusSeconds(i * 60L);
                in.pipeInput("a", post("c3", at, score, "few"), at);
            }
        }
        assertThat(alerts(driver).isEmpty()).isTrue();
    }

    @Test
    void aHashtagBurstTrendsInItsCommunityAndNotInOthers() throws Exception {
        TopologyTestDriver driver = driver(Map.of(ChorusConfig.ALERTS_OVERALL, false));
        var in = in(driver);
        for (int h = 0; h < 8; h++) {
            for (String community : List.of("c1", "c2")) {
                for (int i = 0; i < 20; i++) {
                    Instant at = T0.plus(HOUR.multipliedBy(h)).plusSeconds(i * 170L);
                    String text = "morning coffee and the weather " + i;
                    if (community.equals("c1") && h == 5 && i < 12) {
                        text = "everyone is talking about #SolarSaturday today";
                    }
                    in.pipeInput("a", post(community, at, 60, text), at);
                }
            }
        }
        List<TrendReport> reports = trends(driver).readValuesToList();
        assertThat(reports).filteredOn(r -> r.communityId().equals("c1"))
                .flatExtracting(TrendReport::terms).extracting(TrendReport.Term::term).contains("#solarsaturday");
        assertThat(reports).filteredOn(r -> r.communityId().equals("c2"))
                .flatExtracting(TrendReport::terms).extracting(TrendReport.Term::term).doesNotContain("#solarsaturday");
        TrendReport burst = reports.stream().filter(r -> r.communityId().equals("c1")).findFirst().orElseThrow();
        assertThat(burst.windowStart()).isEqualTo(T0.plus(HOUR.multipliedBy(5)));
    }

    @Test
    void countsPostsForAClosedWindowAsLate() throws Exception {
        TopologyTestDriver driver = driver(Map.of(ChorusConfig.ALERTS_OVERALL, false));
        var in = in(driver);
        in.pipeInput("a", post("c1", T0.plus(HOUR.multipliedBy(5)), 50, "now"), T0.plus(HOUR.multipliedBy(5)));
        in.pipeInput("a", post("c1", T0, 50, "an old one"), T0);

        KeyValueStore<String, CommunityListening> store = driver.getKeyValueStore(ListeningStage.STATE_STORE);
        assertThat(store.get("c1").lateRecords).isEqualTo(1);
        double late = driver.metrics().values().stream()
                .filter(m -> m.metricName().group().equals(ListenProcessor.METRICS_GROUP) && m.metricName().name().equals("late-records-total"))
                .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum();
        assertThat(late).isEqualTo(1.0);
    }
}
