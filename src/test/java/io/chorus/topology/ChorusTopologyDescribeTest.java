package io.chorus.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.config.ChorusConfig;
import io.chorus.async.GatewaySettings;
import io.chorus.async.ModelGateway;
import io.chorus.testing.FakeChatClient;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

    @Test
    void defaultTopologyShapeMatchesTheSnapshot() throws IOException {
        assertMatches("topology/describe-default.txt", Map.of());
    }

    @Test
    void modelScoredTopologyShapeMatchesTheSnapshot() throws IOException {
        assertMatches("topology/describe-llm.txt", Map.of(ChorusConfig.SENTIMENT_SCORER, "llm"));
    }

    @Test
    void mediaModelTopologyShapeMatchesTheSnapshot() throws IOException {
        assertMatches("topology/describe-media-llm.txt", Map.of(ChorusConfig.GENERATION_MODEL, "llm", ChorusConfig.MEDIA_IMAGE_MODEL, "llm",
                ChorusConfig.MEDIA_SPEECH_ENABLED, "true"));
    }

    /** Every stage on, every model-backed one on the model: the shape the stage list must keep. */
    @Test
    void everyStageOnTheModelMatchesTheSnapshot() throws IOException {
        assertMatches("topology/describe-all-model.txt", Map.of(ChorusConfig.SENTIMENT_SCORER, "llm", ChorusConfig.GENERATION_MODEL, "llm",
                ChorusConfig.BEHAVIOR_MODEL, "llm", ChorusConfig.EMOTIONS_ENABLED, "true", ChorusConfig.COMMUNITIES_METHOD, "llm",
                ChorusConfig.ENRICHMENT_REENRICH_ENABLED, "true", ChorusConfig.BEHAVIOR_ENABLED, "true"));
    }

    private void assertMatches(String snapshot, Map<String, String> settings) throws IOException {
        FakeChatClient client = FakeChatClient.sentiment();
        try (ModelGateway gateway = new ModelGateway(client, GatewaySettings.fromConfig(new ChorusConfig(Map.of())), new SimpleMeterRegistry())) {
            // the store is never written while describing (its directory is created by the first write)
            io.chorus.media.MediaStore store = new io.chorus.media.MediaStore(Path.of("target", "describe-media"), 1024);
            TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC(), gateway)
                    .withCommunities(new KeywordEmbedder(), java.util.List.of())
                    .withMedia(new io.chorus.media.MediaDeps(store, gateway, gateway));
            check(snapshot, ChorusTopology.build(new ChorusConfig(settings), deps).describe().toString().trim() + "\n");
        }
    }

    private void check(String snapshot, String actual) throws IOException {
        if (Boolean.getBoolean("chorus.updateSnapshots")) {
            Path file = Path.of("src/test/resources", snapshot);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
        }
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(snapshot)) {
            assertThat(in).as("snapshot %s (create it with -Dchorus.updateSnapshots=true)", snapshot).isNotNull();
            assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
