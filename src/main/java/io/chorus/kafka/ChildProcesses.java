package io.chorus.kafka;

import java.util.concurrent.TimeUnit;

/** Stopping the child JVMs Chorus starts (broker nodes, benchmark instances), one way everywhere. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /**
     * Stops {@code p}: SIGKILL when {@code force}, else SIGTERM with a minute to shut down cleanly before SIGKILL.
     * Returns once the process is gone (or after a further 30 s); an interrupt kills it at once and is kept.
     */
    public static void stop(Process p, boolean force) {
        if (force) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
