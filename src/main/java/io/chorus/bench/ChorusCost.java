package io.chorus.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What this JVM spent over a phase: process CPU time, bytes allocated by its threads, and its peak thread count.
 * With the stub and the broker in their own processes, this JVM is Chorus plus the benchmark's own producer and
 * output readers.
 *
 * @param cpuNanos        process CPU time over the phase
 * @param allocatedBytes  bytes allocated by threads alive at the end of the phase (threads that ended in between
 *                        are not counted)
 * @param peakThreads     most live threads at once during the phase
 */
record ChorusCost(long cpuNanos, long allocatedBytes, int peakThreads) {

    /** Starts measuring a phase. */
    static Meter start() {
        return new Meter();
    }

    /** A phase being measured. */
    static final class Meter {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final long cpu0 = MemoryProbe.processCpuNanos();
        private final long alloc0;

        private Meter() {
            threads.resetPeakThreadCount();
            alloc0 = allocated(threads);
        }

        ChorusCost stop() {
            return new ChorusCost(MemoryProbe.processCpuNanos() - cpu0, allocated(threads) - alloc0, threads.getPeakThreadCount());
        }

        private static long allocated(ThreadMXBean threads) {
            if (threads instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()) {
                long sum = 0;
                for (long b : t.getThreadAllocatedBytes(t.getAllThreadIds())) {
                    sum += Math.max(0, b);
                }
                return sum;
            }
            return 0;
        }
    }
}
