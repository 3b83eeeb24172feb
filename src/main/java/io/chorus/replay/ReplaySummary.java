package io.chorus.replay;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@code chorus replay} did. Records in are input offsets consumed by this run (clamped to the target);
 * records out are committed records written to each experiment output topic by this run; model figures are this
 * run's increments of the gateway's counters; dropped records is Kafka Streams' own count (for example records too
 * late for their window's grace period).
 */
public record ReplaySummary(String experiment, String applicationId, ReplayRange range, boolean resumed,
                            boolean alreadyComplete, Map<String, Long> recordsIn, Map<String, Long> recordsOut,
                            long deadLetters, long droppedRecords, long modelCalls, long cacheHits, long tokensIn,
                            long tokensOut, double costUsd, Duration wallTime) {

    public long totalIn() {
        return recordsIn.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalOut() {
        return recordsOut.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The summary as printed by the CLI. */
    public String format() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Experiment %s (application id %s)%n", experiment, applicationId));
        s.append(String.format(Locale.ROOT, "  range          %s .. %s%n", range.from(), range.to() == null ? "end offsets at start" : range.to()));
        if (alreadyComplete) {
            s.append("  status         already complete: nothing left in range (use --reset to run it again from the start)\n");
        } else {
            s.append(String.format(Locale.ROOT, "  status         %s%n", resumed ? "resumed and completed" : "completed"));
        }
        s.append(String.format(Locale.ROOT, "  records in     %d%n", totalIn()));
        recordsIn.forEach((t, n) -> s.append(String.format(Locale.ROOT, "    %-40s %d%n", t, n)));
        s.append(String.format(Locale.ROOT, "  records out    %d%n", totalOut()));
        recordsOut.forEach((t, n) -> {
            if (n > 0) {
                s.append(String.format(Locale.ROOT, "    %-40s %d%n", t, n));
            }
        });
        s.append(String.format(Locale.ROOT, "  dead letters   %d%n", deadLetters));
        s.append(String.format(Locale.ROOT, "  dropped        %d%s%n", droppedRecords, droppedRecords == 0 ? ""
                : "  (late for their windows or unprocessable; rerun with --reset and a larger --set stats.grace.ms to keep late records)"));
        s.append(String.format(Locale.ROOT, "  model calls    %d%n", modelCalls));
        s.append(String.format(Locale.ROOT, "  cache hits     %d%s%n", cacheHits,
                cacheHits > 0 && modelCalls == 0 ? "  (every answer came from the response cache: no generation cost)" : ""));
        s.append(String.format(Locale.ROOT, "  tokens         %d in, %d out%n", tokensIn, tokensOut));
        s.append(String.format(Locale.ROOT, "  cost (est.)    $%.4f%n", costUsd));
        s.append(String.format(Locale.ROOT, "  wall time      %.1f s%n", wallTime.toMillis() / 1000.0));
        return s.toString();
    }
}
