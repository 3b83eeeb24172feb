package io.chorus.listening;

import io.chorus.config.ChorusConfig;
import io.chorus.aggregate.WindowSizes;
import java.time.Duration;

/** The listening stage's settings, read once from the configuration. */
public record ListeningSettings(Duration window, Duration grace, boolean overall, ShiftDetector detector, TrendFinder trends,
                                int sketchCapacity, int trendHistory) {

    /** The community id under which every post is also judged when {@code listening.overall=true}. */
    public static final String ALL = "all";

    public static ListeningSettings fromConfig(ChorusConfig config) {
        Duration window;
        try {
            window = WindowSizes.parse(config.getString(ChorusConfig.LISTENING_WINDOW));
        } catch (RuntimeException e) {
            throw new org.apache.kafka.common.config.ConfigException(ChorusConfig.LISTENING_WINDOW,
                    config.getString(ChorusConfig.LISTENING_WINDOW), "window sizes look like 30s, 1m, 1h or 1d");
        }
        double zOpen = config.getDouble(ChorusConfig.ALERTS_Z_OPEN);
        double zResolve = config.getDouble(ChorusConfig.ALERTS_Z_RESOLVE);
        if (zResolve > zOpen) {
            throw new org.apache.kafka.common.config.ConfigException(ChorusConfig.ALERTS_Z_RESOLVE, zResolve,
                    "must not exceed " + ChorusConfig.ALERTS_Z_OPEN + "=" + zOpen + " (an alert would resolve before it opens)");
        }
        int baselineWindows = config.getInt(ChorusConfig.LISTENING_BASELINE_MIN_WINDOWS);
        double alpha = config.getDouble(ChorusConfig.LISTENING_BASELINE_ALPHA);
        ShiftDetector detector = new ShiftDetector(config.getInt(ChorusConfig.ALERTS_MIN_POSTS), baselineWindows, alpha, zOpen, zResolve,
                config.getInt(ChorusConfig.ALERTS_COOLDOWN_WINDOWS), config.getInt(ChorusConfig.ALERTS_MAX_OPEN_WINDOWS));
        TrendFinder trends = new TrendFinder(config.getInt(ChorusConfig.TRENDS_TOP), config.getInt(ChorusConfig.TRENDS_MIN_COUNT),
                config.getDouble(ChorusConfig.TRENDS_MIN_LIFT), alpha, baselineWindows, 500);
        long lateness = config.getLong(ChorusConfig.LISTENING_LATENESS_MS);
        return new ListeningSettings(window, Duration.ofMillis(lateness >= 0 ? lateness : config.getLong(ChorusConfig.STATS_GRACE_MS)),
                config.getBoolean(ChorusConfig.ALERTS_OVERALL), detector, trends, config.getInt(ChorusConfig.TRENDS_SKETCH_SIZE), 48);
    }
}
