package io.chorus.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The accounting of one stage: records in = out + dead letters + filtered by design + pending + gap. {@code pending}
 * are inputs the application has not committed yet (not a loss, not yet a result); {@code gap} are inputs it has
 * committed with neither an output nor a dead letter: lost. {@code duplicates} are outputs beyond one per input.
 * Mutable while the {@link Reconciler} counts, then only read.
 */
public final class StageAccount {

    private final String stage;
    private final String inputs;
    private final String outputs;
    private final boolean balanced;
    private long in;
    private long out;
    private long duplicates;
    private long pending;
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private final Map<String, Long> filtered = new TreeMap<>();
    private final List<String> missing = new ArrayList<>();
    private long gap;
    private final List<String> notes = new ArrayList<>();

    /**
     * @param inputs   what is counted in (topic and selection), for the table
     * @param outputs  what counts as out
     * @param balanced false when the stage's inputs cannot be seen from outside the application: counts only, no gap
     */
    StageAccount(String stage, String inputs, String outputs, boolean balanced) {
        this.stage = stage;
        this.inputs = inputs;
        this.outputs = outputs;
        this.balanced = balanced;
    }

    void countIn() {
        in++;
    }

    void countOut() {
        out++;
    }

    void outputs(long n) {
        out += n;
    }

    void deadLetter(String reason) {
        deadLetters.merge(reason == null ? "<no reason>" : reason, 1L, Long::sum);
    }

    void filtered(String reason) {
        filtered.merge(reason, 1L, Long::sum);
    }

    void pending() {
        pending++;
    }

    void duplicates(long n) {
        duplicates += n;
    }

    void gap(String where, int sampleSize) {
        gap++;
        if (missing.size() < sampleSize) {
            missing.add(where);
        }
    }

    void note(String note) {
        notes.add(note);
    }

    public String stage() {
        return stage;
    }

    public String inputs() {
        return inputs;
    }

    public String outputsDescription() {
        return outputs;
    }

    public boolean balanced() {
        return balanced;
    }

    public long in() {
        return in;
    }

    public long out() {
        return out;
    }

    public long deadLettered() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    public long filteredTotal() {
        return filtered.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> deadLettersByReason() {
        return Map.copyOf(deadLetters);
    }

    public Map<String, Long> filteredByReason() {
        return Map.copyOf(filtered);
    }

    public long pendingCount() {
        return pending;
    }

    public long gap() {
        return gap;
    }

    public long duplicates() {
        return duplicates;
    }

    /** A sample of the missing inputs: partition, offset, key and id. */
    public List<String> missing() {
        return List.copyOf(missing);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }
}
