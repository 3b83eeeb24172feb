package io.chorus.listening;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.SentimentAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Proves the shift detector's rules one by one: volume, baseline warm-up, open, update, resolve, cool-down, new normal. */
class ShiftDetectorTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private final ShiftDetector detector = new ShiftDetector(10, 3, 0.3, 3.0, 1.5, 2, 4);
    private final ShiftDetector.DetectorState state = new ShiftDetector.DetectorState();
    private int index;

    private Optional<SentimentAlert> window(long posts, double mean) {
        Instant start = T0.plus(Duration.ofHours(index++));
        return detector.judge(state, new ShiftDetector.Window("c", "label", start, start.plus(Duration.ofHours(1)), posts, mean, 10,
                List.of("low"), List.of("high")));
    }

    private void warmUp() {
        for (double mean : new double[] {60, 62, 61, 59, 60}) {
            assertThat(window(30, mean)).isEmpty();
        }
    }

    @Test
    void raisesNothingWhileTheBaselineWarmsUp() {
        assertThat(window(30, 60)).isEmpty();
        assertThat(window(30, 10)).isEmpty();
        assertThat(state.windowsSeen).isEqualTo(2);
    }

    @Test
    void ignoresWindowsBelowTheMinimumVolume() {
        warmUp();
        assertThat(window(9, 5)).isEmpty();
        assertThat(state.alertOpen()).isFalse();
    }

    @Test
    void opensANegativeAlertWithEvidenceFromTheLowestPosts() {
        warmUp();
        SentimentAlert alert = window(30, 20).orElseThrow();
        assertThat(alert.status()).isEqualTo(SentimentAlert.Status.OPEN);
        assertThat(alert.direction()).isEqualTo(SentimentAlert.Direction.NEGATIVE);
        assertThat(alert.evidence().zScore()).isLessThan(-3);
        assertThat(alert.evidence().examplePostIds()).containsExactly("low");
        assertThat(alert.alertId()).isEqualTo("c@" + T0.plus(Duration.ofHours(5)).toEpochMilli());
    }

    @Test
    void keepsTheBaselineFrozenWhileAnAlertIsOpen() {
        warmUp();
        double before = state.mean;
        window(30, 20);
        assertThat(window(30, 22).orElseThrow().status()).isEqualTo(SentimentAlert.Status.UPDATED);
        assertThat(state.mean).isEqualTo(before);
    }

    @Test
    void resolvesWhenTheMoodComesBackAndThenCoolsDown() {
        warmUp();
        window(30, 20);
        SentimentAlert resolved = window(30, 61).orElseThrow();
        assertThat(resolved.status()).isEqualTo(SentimentAlert.Status.RESOLVED);
        assertThat(state.cooldown).isEqualTo(2);
        assertThat(window(30, 10)).as("cool-down").isEmpty();
    }

    @Test
    void takesALastingShiftAsTheNewNormal() {
        warmUp();
        window(30, 20);
        window(30, 20);
        window(30, 20);
        SentimentAlert last = window(30, 20).orElseThrow();
        assertThat(last.status()).isEqualTo(SentimentAlert.Status.RESOLVED);
        assertThat(last.reason()).contains("new normal");
        assertThat(state.mean).isEqualTo(20.0);
    }

    @Test
    void doesNotAlarmOnAOnePointWobbleOfAPerfectlySteadyCommunity() {
        ShiftDetector steady = new ShiftDetector(10, 3, 0.3, 3.0, 1.5, 2, 4);
        ShiftDetector.DetectorState s = new ShiftDetector.DetectorState();
        for (int i = 0; i < 5; i++) {
            steady.judge(s, new ShiftDetector.Window("c", "l", T0, T0, 100, 50.0, 0, List.of(), List.of()));
        }
        assertThat(steady.judge(s, new ShiftDetector.Window("c", "l", T0, T0, 100, 51.0, 0, List.of(), List.of()))).isEmpty();
    }
}
