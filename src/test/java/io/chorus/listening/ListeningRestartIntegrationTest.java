package io.chorus.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.app.ChorusApp;
import io.chorus.config.ChorusConfig;
import io.chorus.model.EnrichedPost;
import io.chorus.model.SentimentAlert;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.SharedBroker;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.Test;

/**
 * Proves on the real broker, exactly-once, that an alert open when an instance stops is restored from the changelog
 * onto an empty state directory and is never announced twice: after the restart the same alert id resolves.
 */
class ListeningRestartIntegrationTest {

    private static final CloseOptions LEAVE = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30));
    private static final Instant T0 = Instant.parse("2021-03-01T00:00:00Z");

    @Test
    void anOpenAlertSurvivesARestartOnAnEmptyStateDirectoryWithoutOpeningTwice() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String source = "listening-source-" + run;
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of(ChorusConfig.ALERTS_OVERALL, false, ChorusConfig.STATS_GRACE_MS, 0L));
        Topics topics = Topics.from(config);
        String alertsTopic = topics.name(TopicId.ALERTS);
        String bootstrap = SharedBroker.get().bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // one source partition: one upstream task, so the posts reach the detector in event-time order (with several,
            // the repartition interleaves them and posts later than the lateness are counted late; not this test's subject).
            // Posts dated 2021: a source with time retention would lose them at the broker's first retention check
            admin.createTopics(List.of(new NewTopic(source, 1, (short) 1).configs(Map.of("retention.ms", "-1")))).all().get();
        }
        ChorusApp.ensureTopics(config, List.of(TopicId.ALERTS, TopicId.TRENDS));
        Random random = new Random(3);
        List<ProducerRecord<String, EnrichedPost>> firstHalf = new ArrayList<>();
        List<ProducerRecord<String, EnrichedPost>> secondHalf = new ArrayList<>();
        for (int h = 0; h < 22; h++) {
            double mean = h >= 12 && h < 15 ? 25 : 65;
            for (int i = 0; i < 20; i++) {
                Instant at = T0.plus(Duration.ofHours(h)).plusSeconds(i * 170L);
                double score = Math.max(0, Math.min(100, mean + random.nextGaussian() * 8));
                var record = new ProducerRecord<>(source, null, at.toEpochMilli(), "author-" + (i % 4),
                        ListeningTopologyTest.post("c1", at, score, "words " + i));
                (h < 14 ? firstHalf : secondHalf).add(record);
            }
        }

        Path stateDir = SharedBroker.tempDir("listening-restart-");
        produce(bootstrap, firstHalf);
        try (KafkaStreams streams = start(config, source, stateDir, new long[1])) {
            await().atMost(Duration.ofSeconds(90)).until(() -> alerts(bootstrap, alertsTopic).stream()
                    .anyMatch(a -> a.status() == SentimentAlert.Status.OPEN));
            streams.close(LEAVE);
            streams.cleanUp(); // an empty state directory: everything must come back from the changelogs
        }
        List<SentimentAlert> before = alerts(bootstrap, alertsTopic);
        assertThat(before).extracting(SentimentAlert::status).containsExactly(SentimentAlert.Status.OPEN);

        long[] restored = new long[1];
        produce(bootstrap, secondHalf);
        try (KafkaStreams streams = start(config, source, stateDir, restored)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> alerts(bootstrap, alertsTopic).stream()
                    .anyMatch(a -> a.status() == SentimentAlert.Status.RESOLVED));
            streams.close(LEAVE);
        }
        List<SentimentAlert> all = alerts(bootstrap, alertsTopic);
        assertThat(restored[0]).as("records restored from the changelogs onto the empty state directory").isPositive();
        assertThat(all).filteredOn(a -> a.status() == SentimentAlert.Status.OPEN).hasSize(1);
        assertThat(all).extracting(SentimentAlert::alertId).containsOnly(before.get(0).alertId());
    }

    private static KafkaStreams start(ChorusConfig config, String source, Path stateDir, long[] restored) {
        StreamsBuilder builder = new StreamsBuilder();
        var input = builder.stream(source, Consumed.with(Serdes.String(), JsonSerde.of(EnrichedPost.class)));
        ListeningStage.attach(builder, input, config, Topics.from(config));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition tp, String store, long start, long end) {
            }

            @Override
            public void onBatchRestored(TopicPartition tp, String store, long end, long count) {
                restored[0] += count;
            }

            @Override
            public void onRestoreEnd(TopicPartition tp, String store, long total) {
            }
        });
        streams.start();
        return streams;
    }

    private static void produce(String bootstrap, List<ProducerRecord<String, EnrichedPost>> records) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                Serdes.String().serializer(), JsonSerde.of(EnrichedPost.class).serializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static List<SentimentAlert> alerts(String bootstrap, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<SentimentAlert> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), JsonSerde.of(SentimentAlert.class).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }
}
