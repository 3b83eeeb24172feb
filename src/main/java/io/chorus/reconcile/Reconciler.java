package io.chorus.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.config.ChorusConfig;
import io.chorus.serde.Json;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.chorus.topology.GlobalStoreAudit;
import io.chorus.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Checks Chorus's accounting invariant on a cluster, from outside the application, as a read_committed consumer:
 * for each stage, every input record in a period is exactly one of output, dead letter (matched by the source
 * topic, partition and offset in its headers, or by id for stages fed by an internal topic), filtered by design
 * (with the reason), or pending (beyond the application's committed offsets). Anything else is a gap: lost.
 * Outputs beyond one per input are duplicates.
 *
 * <p>The period selects inputs by their Kafka record timestamp (when they were produced); outputs and dead letters
 * are read whole, since their timestamps may be the posts' own (historical) times.
 */
public final class Reconciler {

    /** Options of one run. */
    public record Options(Instant from, Instant to, int sampleSize, Duration timeout) {
        public static Options of(Instant from, Instant to) {
            return new Options(from, to, 10, Duration.ofMinutes(2));
        }
    }

    private final ChorusConfig config;
    private final Topics topics;
    private final Clock clock;

    public Reconciler(ChorusConfig config, Clock clock) {
        this.config = config;
        this.topics = Topics.from(config);
        this.clock = clock;
    }

    public ReconcileReport run(Options options) {
        TopicScan scan = new TopicScan(config.kafkaClientProps(), options.timeout());
        // Order matters: committed offsets first, then what is in flight, then dead letters and outputs. Whatever an
        // input committed by then becomes, it is in flight at the second read or visible in the later ones.
        Map<TopicPartition, Long> committed = committedOffsets(config.applicationId(), options.timeout());
        // Topics read as global stores are committed by no group of the main application: their bad records are the
        // global-store audit application's to dead-letter, so its committed offsets say what is still pending there.
        Map<TopicPartition, Long> auditCommitted = committedOffsets(config.applicationId() + GlobalStoreAudit.APPLICATION_SUFFIX,
                options.timeout());
        InFlightState inFlight = InFlightState.read(scan, config.applicationId());
        DeadLetterIndex dlq = new DeadLetterIndex(scan.read(topics.dlq.name(), null, null));
        boolean communities = config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED);
        boolean generation = communities && config.getBoolean(ChorusConfig.GENERATION_ENABLED);

        List<StageAccount> stages = new ArrayList<>();
        Map<String, Integer> scoredIds = new HashMap<>();
        stages.add(posts(scan, dlq, committed, inFlight, options, scoredIds));
        if (communities) {
            stages.add(enrichment(scan, dlq, committed, options, scoredIds));
            stages.add(profiles(scan, dlq, committed, inFlight, options));
        }
        stages.add(keyedInputs("campaigns", topics.campaigns.name(), topics.campaigns.valueSerde(), generation, true, "stored (campaigns-store)",
                scan, dlq, auditCommitted, options));
        stages.add(keyedInputs("follows", topics.follows.name(), topics.follows.valueSerde(), generation, false, "remembered (author-memory)",
                scan, dlq, committed, options));
        if (generation) {
            stages.add(generationOutputs(scan, dlq));
        }
        return new ReconcileReport(options.from(), options.to(), config.applicationId(), committed.isEmpty(), stages);
    }

    /** social.posts in the period against chorus.posts.scored (by post id) and dead letters (by coordinates). */
    private StageAccount posts(TopicScan scan, DeadLetterIndex dlq, Map<TopicPartition, Long> committed, InFlightState inFlight,
                               Options o, Map<String, Integer> scoredOut) {
        StageAccount s = new StageAccount("posts", topics.posts.name() + " in period", topics.scored.name() + " by post id", true);
        Map<String, Integer> scored = countByKey(scan.read(topics.scored.name(), null, null));
        scan.deletedFromStart(topics.scored.name()).forEach((p, n) -> s.note(topics.scored.name() + "-" + p + " starts at offset " + n
                + ": earlier outputs were deleted (time-based retention or deleteRecords) and cannot be counted"));
        long fromMs = config.getLong(ChorusConfig.INPUT_FROM_MS);
        long untilMs = config.getLong(ChorusConfig.INPUT_UNTIL_MS);
        for (ConsumerRecord<byte[], byte[]> r : scan.read(topics.posts.name(), o.from(), o.to())) {
            s.countIn();
            JsonNode value = parse(r.value());
            String id = text(value, "id");
            String reason = dlq.reasonAt(r.topic(), r.partition(), r.offset());
            if (reason != null) {
                s.deadLetter(reason);
                if (id != null && take(scored, id)) {
                    s.duplicates(1); // both a dead letter and an output
                }
                continue;
            }
            if (id != null && take(scored, id)) {
                s.countOut();
                scoredOut.merge(id, 1, Integer::sum);
                continue;
            }
            if (value != null && (fromMs >= 0 || untilMs >= 0)) {
                long t = eventTime(value, r.timestamp());
                if ((fromMs >= 0 && t < fromMs) || (untilMs >= 0 && t >= untilMs)) {
                    s.filtered("event time outside input.from.ms/input.until.ms");
                    continue;
                }
            }
            if (inFlight.isInFlight(r.topic(), r.partition(), r.offset())) {
                s.pending(); // committed, its model call saved in the in-flight store and not finished yet
                continue;
            }
            unaccounted(s, r, id, committed, o);
        }
        if (inFlight.requests() > 0) {
            s.note(inFlight.requests() + " model request(s) in flight in the application's in-flight stores");
        }
        scoredOut.keySet().forEach(id -> {
            int left = scored.getOrDefault(id, 0);
            if (left > 0) {
                s.duplicates(left);
            }
        });
        return s;
    }

    /** Scored posts of the period's inputs against chorus.posts.enriched (re-enrichments excluded). */
    private StageAccount enrichment(TopicScan scan, DeadLetterIndex dlq, Map<TopicPartition, Long> committed, Options o,
                                    Map<String, Integer> scoredIds) {
        StageAccount s = new StageAccount("enrichment", "scored posts of those inputs", topics.name(TopicId.ENRICHED) + " by post id", true);
        List<ConsumerRecord<byte[], byte[]>> enrichedRecords = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : scan.read(topics.name(TopicId.ENRICHED), null, null)) {
            if (!"true".equals(DeadLetters.header(r.headers(), "chorus.reenriched"))) {
                enrichedRecords.add(r);
            }
        }
        Map<String, Integer> enriched = countByKey(enrichedRecords);
        scan.deletedFromStart(topics.name(TopicId.ENRICHED)).forEach((p, n) -> s.note(topics.name(TopicId.ENRICHED) + "-" + p
                + " starts at offset " + n + ": earlier outputs were deleted (time-based retention or deleteRecords)"));
        String repartition = config.applicationId() + "-scored-by-author-repartition";
        boolean lagging = lag(repartition, committed, o.timeout()) > 0;
        scoredIds.forEach((id, n) -> {
            for (int i = 0; i < n; i++) {
                s.countIn();
                if (take(enriched, id)) {
                    s.countOut();
                } else if (dlq.takeById(repartition, id) != null) {
                    s.deadLetter(dlq.lastTakenReason());
                } else if (lagging) {
                    s.pending();
                } else {
                    s.gap("post " + id + " (scored, never enriched)", o.sampleSize());
                }
            }
            int left = enriched.getOrDefault(id, 0);
            if (left > 0) {
                s.duplicates(left);
            }
        });
        return s;
    }

    /** The latest profile per user in the period against chorus.profiles.communities and dead letters. */
    private StageAccount profiles(TopicScan scan, DeadLetterIndex dlq, Map<TopicPartition, Long> committed, InFlightState inFlight,
                                  Options o) {
        StageAccount s = new StageAccount("profiles", topics.profiles.name() + " in period, latest per user",
                topics.assignments.name() + " by user id", true);
        Map<String, Integer> assigned = countByKey(scan.read(topics.assignments.name(), null, null));
        Map<String, ConsumerRecord<byte[], byte[]>> latest = new LinkedHashMap<>();
        List<ConsumerRecord<byte[], byte[]>> nullKeys = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : scan.read(topics.profiles.name(), o.from(), o.to())) {
            if (r.key() == null) {
                nullKeys.add(r);
            } else {
                latest.put(new String(r.key(), StandardCharsets.UTF_8), r);
            }
        }
        long batchWindow = config.getLong(ChorusConfig.COMMUNITIES_FLUSH_MS) + config.getLong(ChorusConfig.COMMIT_INTERVAL_MS) + 5_000;
        String singleWriter = config.applicationId() + "-profiles-single-writer-repartition";
        boolean writerLagging = lag(singleWriter, committed, o.timeout()) > 0;
        for (ConsumerRecord<byte[], byte[]> r : nullKeys) {
            s.countIn();
            String reason = dlq.reasonAt(r.topic(), r.partition(), r.offset());
            if (reason != null) {
                s.deadLetter(reason);
            } else {
                s.filtered("no key (a table ignores it)");
            }
        }
        if (inFlight.waitingProfiles() > 0) {
            s.note(inFlight.waitingProfiles() + " profile(s) waiting in the community writer's batch (pending store)");
        }
        latest.forEach((key, r) -> {
            s.countIn();
            String reason = dlq.reasonAt(r.topic(), r.partition(), r.offset());
            if (reason != null) {
                s.deadLetter(reason);
                return;
            }
            if (r.value() == null) {
                s.filtered("deleted (tombstone): the last assignment stays");
                return;
            }
            String userId = text(parse(r.value()), "userId");
            if (take(assigned, userId != null ? userId : key)) {
                s.countOut();
                return;
            }
            if (userId != null && (reason = dlq.takeByField(singleWriter, "userId", userId)) != null) {
                s.deadLetter(reason);
                return;
            }
            if (isPending(r, committed) || writerLagging || inFlight.isWaitingProfile(userId != null ? userId : key)
                    || clock.millis() - r.timestamp() < batchWindow) {
                s.pending();
                return;
            }
            s.gap(where(r, userId), o.sampleSize());
        });
        return s;
    }

    /**
     * An input stored by a processor rather than turned into an output (campaigns, follows): each record must be
     * valid (stored), a tombstone (deleted), or a dead letter; an invalid record without a dead letter is a gap.
     */
    private StageAccount keyedInputs(String stage, String topic, org.apache.kafka.common.serialization.Serde<?> serde, boolean read,
                                     boolean tombstonesAllowed, String stored, TopicScan scan, DeadLetterIndex dlq,
                                     Map<TopicPartition, Long> committed, Options o) {
        StageAccount s = new StageAccount(stage, topic + " in period", stored, true);
        for (ConsumerRecord<byte[], byte[]> r : scan.read(topic, o.from(), o.to())) {
            s.countIn();
            if (!read) {
                s.filtered("not read with this configuration (communities or generation off)");
                continue;
            }
            String reason = dlq.reasonAt(r.topic(), r.partition(), r.offset());
            if (reason != null) {
                s.deadLetter(reason);
                continue;
            }
            if (r.value() == null && tombstonesAllowed && r.key() != null) {
                s.filtered("deleted (tombstone)");
                continue;
            }
            boolean valid;
            try {
                valid = r.value() != null && r.key() != null && serde.deserializer().deserialize(topic, r.value()) != null;
            } catch (RuntimeException e) {
                valid = false;
            }
            if (valid) {
                s.countOut();
            } else if (isPending(r, committed)) {
                s.pending();
            } else {
                s.gap(where(r, null) + (r.value() == null ? " (null value, no dead letter)" : r.key() == null ? " (no key, no dead letter)"
                        : " (invalid, no dead letter)"), o.sampleSize());
            }
        }
        return s;
    }

    /** Generation requests are internal to the application: outputs and refusals are counted, duplicates checked. */
    private StageAccount generationOutputs(TopicScan scan, DeadLetterIndex dlq) {
        StageAccount s = new StageAccount("generation", "requests (internal, not on a topic)",
                topics.replies.name() + " + " + topics.captions.name(), false);
        Map<String, Integer> perPostAndCampaign = new HashMap<>();
        for (String topic : List.of(topics.replies.name(), topics.captions.name())) {
            for (ConsumerRecord<byte[], byte[]> r : scan.read(topic, null, null)) {
                s.countOut();
                JsonNode v = parse(r.value());
                perPostAndCampaign.merge(text(v, "postId") + "|" + text(v, "campaignId"), 1, Integer::sum);
            }
        }
        perPostAndCampaign.values().forEach(n -> s.duplicates(n - 1L));
        dlq.byStage().forEach((stage, reasons) -> {
            // media calls (images, speech) fail as part of generation: their dead letters count here too
            if ("guardrail".equals(stage) || "model:generation".equals(stage) || "model:image".equals(stage) || "model:speech".equals(stage)) {
                reasons.forEach((reason, n) -> {
                    for (long i = 0; i < n; i++) {
                        s.deadLetter(reason);
                    }
                });
            }
        });
        s.note("generation requests never leave the application, so this stage shows counts and duplicates, not a balance");
        return s;
    }

    private void unaccounted(StageAccount s, ConsumerRecord<byte[], byte[]> r, String id, Map<TopicPartition, Long> committed, Options o) {
        if (isPending(r, committed)) {
            s.pending();
        } else {
            s.gap(where(r, id), o.sampleSize());
        }
    }

    private static boolean isPending(ConsumerRecord<byte[], byte[]> r, Map<TopicPartition, Long> committed) {
        Long c = committed.get(new TopicPartition(r.topic(), r.partition()));
        return c == null || r.offset() >= c;
    }

    private static String where(ConsumerRecord<byte[], byte[]> r, String id) {
        return r.topic() + "/" + r.partition() + "@" + r.offset() + " key=" + (r.key() == null ? "null" : abbreviate(new String(r.key(),
                StandardCharsets.UTF_8))) + (id == null ? "" : " id=" + abbreviate(id));
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    private Map<TopicPartition, Long> committedOffsets(String groupId, Duration timeout) {
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            offsets.forEach((p, m) -> {
                if (m != null) {
                    out.put(p, m.offset());
                }
            });
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the committed offsets of " + groupId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the committed offsets of group " + groupId + ": " + e.getMessage(), e);
        }
    }

    /** Records of {@code topic} beyond the application's committed offsets (0 when the topic does not exist). */
    private long lag(String topic, Map<TopicPartition, Long> committed, Duration timeout) {
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            var described = admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).entrySet()) {
                lag += Math.max(0, e.getValue().offset() - committed.getOrDefault(e.getKey(), 0L));
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            return 0; // no such topic: nothing in flight there
        }
    }

    private static Map<String, Integer> countByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.key() != null && r.value() != null) {
                counts.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static boolean take(Map<String, Integer> counts, String key) {
        Integer n = counts.get(key);
        if (n == null || n == 0) {
            return false;
        }
        counts.put(key, n - 1);
        return true;
    }

    static JsonNode parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode f = node.get(field);
        return f == null || !f.isTextual() ? null : f.asText();
    }

    private static long eventTime(JsonNode post, long recordTimestamp) {
        String created = text(post, "createdAt");
        if (created == null) {
            return recordTimestamp;
        }
        try {
            return Instant.parse(created).toEpochMilli();
        } catch (RuntimeException e) {
            return recordTimestamp;
        }
    }
}
