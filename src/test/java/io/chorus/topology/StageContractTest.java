package io.chorus.topology;

import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.config.ChorusConfig;
import io.chorus.testing.FakeScorer;
import io.chorus.topics.Topics;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;

/** The stage list is the one place that says which capabilities exist and which of them call the model. */
class StageContractTest {

    private static final ChorusConfig DEFAULTS = new ChorusConfig(Map.of());

    @Test
    void theDefaultConfigurationCallsNoModel() {
        assertThat(ChorusTopology.usesModel(DEFAULTS)).isFalse();
    }

    @Test
    void eachModelSettingAloneMakesTheTopologyUseTheModel() {
        for (Map<String, String> one : java.util.List.of(Map.of(ChorusConfig.SENTIMENT_SCORER, "llm"), Map.of(ChorusConfig.GENERATION_MODEL, "llm"),
                Map.of(ChorusConfig.BEHAVIOR_MODEL, "llm", ChorusConfig.BEHAVIOR_ENABLED, "true"), Map.of(ChorusConfig.EMOTIONS_ENABLED, "true"),
                Map.of(ChorusConfig.COMMUNITIES_METHOD, "llm"))) {
            assertThat(ChorusTopology.usesModel(new ChorusConfig(one))).as("%s", one).isTrue();
        }
    }

    @Test
    void aModelSettingOfAStageThatIsOffDoesNotCount() {
        assertThat(ChorusTopology.usesModel(new ChorusConfig(Map.of(ChorusConfig.GENERATION_MODEL, "llm", ChorusConfig.GENERATION_ENABLED, "false"))))
                .isFalse();
        assertThat(ChorusTopology.usesModel(new ChorusConfig(Map.of(ChorusConfig.COMMUNITIES_METHOD, "llm", ChorusConfig.COMMUNITIES_ENABLED, "false"))))
                .isFalse();
    }

    @Test
    void stageNamesAreUnique() {
        Map<String, Long> names = ChorusTopology.STAGES.stream().collect(Collectors.groupingBy(Stage::name, Collectors.counting()));
        assertThat(names.values()).allMatch(n -> n == 1);
    }

    @Test
    void readingAPortNoStagePublishedNamesIt() {
        StageContext context = new StageContext(new StreamsBuilder(), DEFAULTS, Topics.from(DEFAULTS), Clock.systemUTC(), null);
        assertThat(context.find(Ports.ENRICHED_BY_AUTHOR)).isEmpty();
        assertThatThrownBy(() -> context.get(Ports.ENRICHED_BY_AUTHOR)).hasMessageContaining("enriched-by-author");
    }

    @Test
    void withoutAProfileEmbedderTheStagesThatNeedTheEnrichedStreamAreLeftOut() {
        var topology = ChorusTopology.build(DEFAULTS, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC())).describe().toString();
        assertThat(topology).contains("score-sentiment", "scored-sink").doesNotContain("enrich-author", "target-campaigns", "aggregate-");
    }

    @Test
    void aModelStepWithoutAnEndpointNamesTheSettingThatAskedForIt() {
        ChorusConfig llm = new ChorusConfig(Map.of(ChorusConfig.SENTIMENT_SCORER, "llm"));
        assertThatThrownBy(() -> ChorusTopology.build(llm, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC())))
                .hasMessageContaining("sentiment.scorer=llm").hasMessageContaining("llm.base.url");
    }
}
