package io.chorus.behavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.llm.ModelCallException;
import io.chorus.model.BehaviorProfile;
import io.chorus.serde.JsonSerde;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Proves feature answers are validated strictly (every feature, a JSON number 0-100, a reason) and profiles round-trip. */
class FeatureScoresTest {

    private static final List<String> FEATURES = List.of("joy", "anxiety");

    @Test
    void acceptsEveryFeatureWithScoreAndReasonAndIgnoresExtras() throws Exception {
        var parsed = FeatureScores.parseWithReasons("""
                {"joy": {"score": 12, "reason": "jokes\\n about lag"}, "anxiety": {"score": 80.5, "reason": "rent"}, "pride": 3}""",
                FEATURES);
        assertThat(parsed.scores()).containsExactly(Map.entry("joy", 12.0), Map.entry("anxiety", 80.5));
        assertThat(parsed.reasons()).containsEntry("joy", "jokes about lag");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[1,2]",
            "{\"joy\": {\"score\": 12, \"reason\": \"r\"}}",
            "{\"joy\": {\"score\": 12, \"reason\": \"r\"}, \"anxiety\": {\"score\": \"80\", \"reason\": \"r\"}}",
            "{\"joy\": {\"score\": 12, \"reason\": \"r\"}, \"anxiety\": {\"score\": 120, \"reason\": \"r\"}}",
            "{\"joy\": {\"score\": -1, \"reason\": \"r\"}, \"anxiety\": {\"score\": 12, \"reason\": \"r\"}}",
            "{\"joy\": {\"score\": 12, \"reason\": \"r\"}, \"anxiety\": {\"score\": 12, \"reason\": \" \"}}",
            "{\"joy\": {\"score\": 12, \"reason\": \"r\"}, \"anxiety\": {\"score\": 12}}"})
    void rejectsAnswersThatDoNotFitAsUnparseable(String answer) {
        assertThatThrownBy(() -> FeatureScores.parseWithReasons(answer, FEATURES))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelCallException.Kind.UNPARSEABLE_ANSWER);
                    assertThat(e.retriable()).isTrue();
                });
    }

    @Test
    void emotionScoresAreBareNumbers() throws Exception {
        assertThat(FeatureScores.parseScores("{\"joy\": 0, \"anxiety\": 100}", FEATURES).scores())
                .containsEntry("joy", 0.0).containsEntry("anxiety", 100.0);
        assertThatThrownBy(() -> FeatureScores.parseScores("{\"joy\": 0}", FEATURES)).hasMessageContaining("'anxiety' is missing");
    }

    @Test
    void behaviorProfilesSurviveAJsonRoundTrip() {
        Instant t = Instant.parse("2026-11-01T08:00:00Z");
        BehaviorProfile p = new BehaviorProfile(1, "u-1", 2, Map.of("joy", 10.0), Map.of("joy", "jokes"),
                new BehaviorProfile.ValenceStats(3, 50.0, 32.6, 10.0, 90.0, "vader-lexicon"), 2.0, "c-1", List.of("p-1", "p-2"),
                "gpt-4o-mini", "behavior-v1", false, null, t, new BehaviorProfile.Previous(1, Map.of("joy", 5.0), 40.0, t.minusSeconds(60)));
        JsonSerde<BehaviorProfile> serde = JsonSerde.of(BehaviorProfile.class);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", p))).isEqualTo(p);
    }
}
