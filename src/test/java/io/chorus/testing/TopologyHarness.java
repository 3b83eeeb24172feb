package io.chorus.testing;

import io.chorus.config.ChorusConfig;
import io.chorus.topology.ChorusTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What every {@code TopologyTestDriver} test starts from: the production streams properties with a state directory
 * of its own. Without one, Kafka Streams falls back to {@code /tmp/kafka-streams/<application.id>}, shared by every
 * build on the machine, and two builds running at once fail to open each other's RocksDB stores.
 */
public final class TopologyHarness {

    private TopologyHarness() {
    }

    /** {@link ChorusTopology#streamsProperties} with a fresh state directory (unless the config names one). */
    public static Properties properties(ChorusConfig config) {
        return withOwnStateDir(ChorusTopology.streamsProperties(config));
    }

    /** {@code props} with a fresh state directory unless they name one. */
    public static Properties withOwnStateDir(Properties props) {
        String dir = props.getProperty(StreamsConfig.STATE_DIR_CONFIG);
        if (dir == null || dir.isBlank()) {
            try {
                java.nio.file.Path own = Files.createTempDirectory("chorus-ttd-");
                own.toFile().deleteOnExit(); // the driver's close() empties it
                props.put(StreamsConfig.STATE_DIR_CONFIG, own.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return props;
    }
}
