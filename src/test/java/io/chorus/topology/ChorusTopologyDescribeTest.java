package io.chorus.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.testing.FakeScorer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the topology's shape (processor, store, repartition and sink names) so that a change that would lose or
 * orphan state in a running deployment is seen in review. To accept an intended change, run with
 * {@code -Dchorus.updateSnapshots=true} and commit the new snapshot.
 */
class ChorusTopologyDescribeTest {

    private static final String SNAPSHOT = "topology/describe-default.txt";

    @Test
    void topologyShapeMatchesTheSnapshot() throws IOException {
        String actual = ChorusTopology.build(new ChorusConfig(Map.of()), new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC()))
                .describe().toString().trim() + "\n";
        if (Boolean.getBoolean("chorus.updateSnapshots")) {
            Path file = Path.of("src/test/resources", SNAPSHOT);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
        }
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(SNAPSHOT)) {
            assertThat(in).as("snapshot %s (create it with -Dchorus.updateSnapshots=true)", SNAPSHOT).isNotNull();
            assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
