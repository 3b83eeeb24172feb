package io.chorus.listening;

import io.chorus.model.SentimentAlert;
import io.chorus.model.SentimentAlert.Direction;
import io.chorus.model.SentimentAlert.Evidence;
import io.chorus.model.SentimentAlert.Status;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides, window by closed window, whether a community's mood has shifted from its own recent baseline.
 *
 * <p>The baseline is an exponentially weighted mean and variance of earlier windows' mean sentiment (EWMA, weight
 * {@code alpha} on the newest). A window is judged only when it has at least {@code minPosts} posts and the baseline has
 * seen {@code minBaselineWindows} such windows, so three posts never raise an alarm. Its z-score divides the distance
 * from the baseline by the baseline's spread plus the window's own sampling noise (post spread / √posts), with a floor,
 * so a community that has always been perfectly steady does not alarm on a one-point wobble.
 *
 * <p>Lifecycle: |z| ≥ {@code zOpen} opens an alert; while the shift lasts (same direction, |z| ≥ {@code zResolve}) it
 * is UPDATED and the baseline is frozen (the alert measures against the mood before the change); the first window back
 * within {@code zResolve} resolves it and starts a cool-down of {@code cooldownWindows} judged windows in which no new
 * alert opens. A shift that lasts {@code maxOpenWindows} windows is resolved as the community's new normal and the
 * baseline restarts from it. Pure and deterministic: the same windows in the same order give the same alerts.
 */
public final class ShiftDetector {

    /** Below this spread (in score points) a z-score means nothing. */
    static final double MIN_SPREAD = 2.0;

    private final int minPosts;
    private final int minBaselineWindows;
    private final double alpha;
    private final double zOpen;
    private final double zResolve;
    private final int cooldownWindows;
    private final int maxOpenWindows;

    public ShiftDetector(int minPosts, int minBaselineWindows, double alpha, double zOpen, double zResolve, int cooldownWindows,
                         int maxOpenWindows) {
        if (minPosts < 1 || minBaselineWindows < 1 || alpha <= 0 || alpha > 1 || zOpen <= 0 || zResolve < 0 || zResolve > zOpen
                || cooldownWindows < 0 || maxOpenWindows < 1) {
            throw new IllegalArgumentException("invalid detector settings");
        }
        this.minPosts = minPosts;
        this.minBaselineWindows = minBaselineWindows;
        this.alpha = alpha;
        this.zOpen = zOpen;
        this.zResolve = zResolve;
        this.cooldownWindows = cooldownWindows;
        this.maxOpenWindows = maxOpenWindows;
    }

    /** A closed window's summary, as the detector needs it. */
    public record Window(String communityId, String communityLabel, Instant start, Instant end, long posts, double mean,
                         double postStdDev, List<String> lowestPostIds, List<String> highestPostIds) {
    }

    /**
     * Judges {@code window} against {@code state}, updating the state; returns the alert change it causes, if any.
     */
    public Optional<SentimentAlert> judge(DetectorState state, Window window) {
        if (window.posts() < minPosts) {
            return Optional.empty();
        }
        if (state.windowsSeen < minBaselineWindows) {
            learn(state, window.mean());
            return Optional.empty();
        }
        double spread = Math.max(MIN_SPREAD, Math.sqrt(state.variance + square(window.postStdDev()) / window.posts()));
        double z = (window.mean() - state.mean) / spread;
        Direction direction = z < 0 ? Direction.NEGATIVE : Direction.POSITIVE;
        Evidence evidence = new Evidence(window.start(), window.end(), window.posts(), window.mean(), state.mean, spread, z,
                direction == Direction.NEGATIVE ? window.lowestPostIds() : window.highestPostIds());

        if (state.openAlertId == null) {
            if (state.cooldown > 0) {
                state.cooldown--;
                learn(state, window.mean());
                return Optional.empty();
            }
            if (Math.abs(z) >= zOpen) {
                state.openAlertId = window.communityId() + "@" + window.start().toEpochMilli();
                state.openDirection = direction;
                state.openedWindow = window.start();
                state.windowsOpen = 1;
                state.openingEvidence = evidence;
                return Optional.of(alert(state, window, Status.OPEN, evidence, String.format(java.util.Locale.ROOT,
                        "mean sentiment %.1f against a baseline of %.1f (z = %.1f) over %d posts",
                        window.mean(), state.mean, z, window.posts())));
            }
            learn(state, window.mean());
            return Optional.empty();
        }

        boolean continues = direction == state.openDirection && Math.abs(z) >= zResolve;
        if (continues && state.windowsOpen + 1 < maxOpenWindows) {
            state.windowsOpen++;
            return Optional.of(alert(state, window, Status.UPDATED, evidence, String.format(java.util.Locale.ROOT,
                    "still %.1f against %.1f (z = %.1f) after %d windows", window.mean(), state.mean, z, state.windowsOpen)));
        }
        SentimentAlert resolved;
        if (continues) {
            state.windowsOpen++;
            resolved = alert(state, window, Status.RESOLVED, evidence, "the shift lasted " + state.windowsOpen
                    + " windows: taken as the community's new normal");
            restartBaseline(state, window.mean());
        } else {
            resolved = alert(state, window, Status.RESOLVED, evidence, String.format(java.util.Locale.ROOT,
                    "back to %.1f against a baseline of %.1f (z = %.1f)", window.mean(), state.mean, z));
            learn(state, window.mean());
        }
        state.openAlertId = null;
        state.openDirection = null;
        state.openedWindow = null;
        state.windowsOpen = 0;
        state.openingEvidence = null;
        state.cooldown = cooldownWindows;
        return Optional.of(resolved);
    }

    private SentimentAlert alert(DetectorState state, Window window, Status status, Evidence evidence, String reason) {
        return new SentimentAlert(SentimentAlert.SCHEMA_VERSION, state.openAlertId, window.communityId(), window.communityLabel(), status,
                state.openDirection, state.openedWindow, state.windowsOpen, state.openingEvidence, evidence, reason);
    }

    private void learn(DetectorState state, double mean) {
        if (state.windowsSeen == 0) {
            state.mean = mean;
            state.variance = 0;
        } else {
            double diff = mean - state.mean;
            state.mean += alpha * diff;
            state.variance = (1 - alpha) * (state.variance + alpha * diff * diff);
        }
        state.windowsSeen++;
    }

    private static void restartBaseline(DetectorState state, double mean) {
        state.mean = mean;
        state.variance = 0;
        state.windowsSeen = 1;
    }

    private static double square(double x) {
        return x * x;
    }

    /** The detector's memory for one community (kept in a changelogged store). */
    public static final class DetectorState {
        public double mean;
        public double variance;
        public int windowsSeen;
        public String openAlertId;
        public Direction openDirection;
        public Instant openedWindow;
        public int windowsOpen;
        public Evidence openingEvidence;
        public int cooldown;

        public boolean alertOpen() {
            return openAlertId != null;
        }
    }
}
