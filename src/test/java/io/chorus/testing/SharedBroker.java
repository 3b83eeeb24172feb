package io.chorus.testing;

import io.chorus.config.ChorusConfig;
import io.chorus.kafka.EmbeddedKafkaBroker;
import io.chorus.config.TopicId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One real embedded KRaft broker for the whole test JVM (started on first use, stopped at JVM exit), and
 * configurations that give each test its own topics and application id so tests never see each other's data.
 */
public final class SharedBroker {

    private static EmbeddedKafkaBroker broker;

    private SharedBroker() {
    }

    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            broker = EmbeddedKafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "shared-broker-shutdown"));
        }
        return broker;
    }

    /** A config on the shared broker with unique topic names, application id and state dir, plus {@code extra}. */
    public static ChorusConfig isolatedConfig(Map<String, ?> extra) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put(ChorusConfig.BOOTSTRAP_SERVERS, get().bootstrapServers());
        props.put(ChorusConfig.APPLICATION_ID, "chorus-test-" + run);
        try {
            props.put(ChorusConfig.STATE_DIR, Files.createTempDirectory("chorus-test-state-").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (TopicId id : TopicId.values()) {
            props.put(id.configKey(), id.defaultName() + "-" + run);
        }
        props.put(ChorusConfig.COMMIT_INTERVAL_MS, 100L);
        props.putAll(extra);
        return new ChorusConfig(props);
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
