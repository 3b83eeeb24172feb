package io.chorus.model;

import io.chorus.serde.Versioned;

import java.time.Instant;
import java.util.List;

/**
 * A sentiment-shift alert on {@code chorus.alerts} (compacted, key: alert id): a community's mood in one window
 * moved away from its own recent baseline. The same alert id goes OPEN, then UPDATED while the shift lasts, then
 * RESOLVED, so the compacted topic keeps each alert's latest state.
 *
 * @param alertId         {@code <communityId>@<window start, epoch ms>} of the window that opened it (deterministic, so a
 *                        replay of the same period names its alerts the same way)
 * @param openedWindow    start of the window that opened the alert
 * @param windowsOpen     how many judged windows the alert has lasted
 * @param evidence        the window that opened the alert, against the baseline
 * @param latest          the window that caused the current state (the same as {@code evidence} when OPEN)
 * @param reason          why it changed state, in words a person reads on the dashboard
 */
public record SentimentAlert(Integer schemaVersion, String alertId, String communityId, String communityLabel, Status status,
                             Direction direction, Instant openedWindow, int windowsOpen, Evidence evidence, Evidence latest,
                             String reason)
        implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    /** Lifecycle of an alert. */
    public enum Status { OPEN, UPDATED, RESOLVED }

    /** Which way the mood moved. */
    public enum Direction { NEGATIVE, POSITIVE }

    /**
     * What the detector saw.
     *
     * @param posts          posts in the window
     * @param currentMean    mean sentiment (0–100) of the window
     * @param baselineMean   the community's recent baseline (exponentially weighted mean of earlier windows)
     * @param baselineSpread the spread the z-score divides by (baseline variation plus the window's sampling noise)
     * @param zScore         (currentMean − baselineMean) / baselineSpread
     * @param examplePostIds posts of the window furthest in the alert's direction
     */
    public record Evidence(Instant windowStart, Instant windowEnd, long posts, double currentMean, double baselineMean,
                           double baselineSpread, double zScore, List<String> examplePostIds) {
        public Evidence {
            examplePostIds = examplePostIds == null ? List.of() : List.copyOf(examplePostIds);
        }
    }

    public boolean open() {
        return status != Status.RESOLVED;
    }
}
