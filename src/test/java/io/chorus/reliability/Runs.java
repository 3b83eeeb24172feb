package io.chorus.reliability;

import static org.awaitility.Awaitility.await;

import io.chorus.config.ChorusConfig;
import io.chorus.config.TopicId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Configurations and conditions shared by the reliability tests: an isolated run (own topics, application id and
 * state dir) on any broker, the same settings as {@code chorus run --set} arguments, and "every input is consumed
 * and committed".
 */
final class Runs {

    private Runs() {
    }

    /** Like {@code SharedBroker.isolatedConfig}, but on any bootstrap (a broker the test stops and starts). */
    static ChorusConfig isolated(String bootstrap, Map<String, ?> extra) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put(ChorusConfig.BOOTSTRAP_SERVERS, bootstrap);
        props.put(ChorusConfig.APPLICATION_ID, "chorus-reliability-" + run);
        props.put(ChorusConfig.STATE_DIR, tempDir("chorus-reliability-state-"));
        for (TopicId id : TopicId.values()) {
            props.put(id.configKey(), id.defaultName() + "-" + run);
        }
        props.put(ChorusConfig.COMMIT_INTERVAL_MS, 100L);
        props.put(ChorusConfig.COMMUNITIES_ENABLED, false);
        props.put(ChorusConfig.HTTP_ENABLED, false);
        props.putAll(extra);
        return new ChorusConfig(props);
    }

    /** Settings from alternating keys and values (Map.of stops at ten pairs). */
    static Map<String, Object> settings(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Every explicitly given setting of {@code config} as {@code --set key=value} arguments for {@code chorus run}. */
    static List<String> asSetArguments(ChorusConfig config) {
        List<String> args = new ArrayList<>();
        config.originals().forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return args;
    }

    static String tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the application's committed offsets on {@code topic} reach the topic's end: with exactly_once_v2
     * every output of those inputs is then committed too (it is in the same transaction as the offsets).
     */
    static void awaitAllConsumed(ChorusConfig config, String topic, Duration atMost) {
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> lag(admin, config.applicationId(), topic) == 0);
        }
    }

    private static long lag(Admin admin, String groupId, String topic) throws ExecutionException, InterruptedException {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        var committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (TopicPartition p : partitions) {
            var c = committed.get(p);
            lag += ends.get(p).offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }
}
