package io.chorus.reconcile;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/**
 * The result of a reconciliation: one {@link StageAccount} per stage. {@link #balanced()} is the invariant: no gap
 * and no duplicate anywhere. Pending inputs are neither; they are reported so the user runs it again later.
 *
 * @param noCommittedOffsets true when the application has committed nothing (never ran, or another application id)
 */
public record ReconcileReport(Instant from, Instant to, String applicationId, boolean noCommittedOffsets, List<StageAccount> stages) {

    public ReconcileReport {
        stages = List.copyOf(stages);
    }

    public long gaps() {
        return stages.stream().mapToLong(StageAccount::gap).sum();
    }

    public long duplicates() {
        return stages.stream().mapToLong(StageAccount::duplicates).sum();
    }

    public long pending() {
        return stages.stream().mapToLong(StageAccount::pendingCount).sum();
    }

    /** No record lost, none output twice. */
    public boolean balanced() {
        return gaps() == 0 && duplicates() == 0;
    }

    public StageAccount stage(String name) {
        return stages.stream().filter(s -> s.stage().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + name + " in this report"));
    }

    public void print(PrintWriter out) {
        out.printf("Reconciliation of application '%s', inputs produced from %s to %s (read_committed)%n", applicationId,
                from == null ? "the beginning" : from, to == null ? "now" : to);
        if (noCommittedOffsets) {
            out.println("Note: this application id has no committed offsets; every unaccounted input counts as pending.");
        }
        out.printf("%-11s %9s %9s %9s %9s %9s %9s %9s%n", "stage", "in", "out", "dead", "filtered", "pending", "GAP", "dupl.");
        for (StageAccount s : stages) {
            if (s.balanced()) {
                out.printf("%-11s %9d %9d %9d %9d %9d %9d %9d%n", s.stage(), s.in(), s.out(), s.deadLettered(), s.filteredTotal(),
                        s.pendingCount(), s.gap(), s.duplicates());
            } else {
                out.printf("%-11s %9s %9d %9d %9s %9s %9s %9d%n", s.stage(), "-", s.out(), s.deadLettered(), "-", "-", "-", s.duplicates());
            }
        }
        for (StageAccount s : stages) {
            out.printf("%n%s: in = %s; out = %s%n", s.stage(), s.inputs(), s.outputsDescription());
            s.deadLettersByReason().forEach((r, n) -> out.printf("  dead letters %-40s %d%n", r, n));
            s.filteredByReason().forEach((r, n) -> out.printf("  filtered     %-40s %d%n", r, n));
            s.notes().forEach(n -> out.println("  note: " + n));
            if (s.gap() > 0) {
                out.printf("  %d missing (neither output nor dead letter), e.g.:%n", s.gap());
                s.missing().forEach(m -> out.println("    " + m));
            }
        }
        out.println();
        if (balanced()) {
            out.printf("Balanced: every input is accounted for, none twice%s.%n",
                    pending() > 0 ? " (" + pending() + " still pending: run again when the application has caught up)" : "");
        } else {
            out.printf("NOT BALANCED: %d missing, %d duplicated.%n", gaps(), duplicates());
        }
        out.flush();
    }
}
