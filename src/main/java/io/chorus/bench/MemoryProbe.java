package io.chorus.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak memory of this JVM during one benchmark: heap used (sampled every 20 ms on a daemon thread, plus the
 * heap pools' own peak counters, reset at the start) and resident set size (Linux {@code VmHWM}, the peak RSS,
 * which is reset at the start by writing 5 to {@code /proc/self/clear_refs} where the kernel allows it).
 *
 * <p>Everything of a benchmark runs in this one JVM (broker, stub server, Kafka Streams, producer, consumer), so
 * the numbers are for all of it together, not for Chorus alone.
 */
public final class MemoryProbe implements AutoCloseable {

    /**
     * @param peakHeapUsedMb   largest heap in use seen by the sampler
     * @param poolPeakSumMb    sum of each heap pool's peak since the start (an upper bound of the true peak)
     * @param heapMaxMb        the heap limit (-Xmx or the JVM's default)
     * @param peakRssMb        peak resident set size (VmHWM), or -1 where /proc is not available
     * @param rssPeakWasReset  whether VmHWM was reset at the start; if not, it is the peak since the JVM started
     */
    public record Memory(long peakHeapUsedMb, long poolPeakSumMb, long heapMaxMb, long peakRssMb, boolean rssPeakWasReset) {
    }

    private static final long MB = 1024 * 1024;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peakHeap = new AtomicLong();
    private final Thread sampler;
    private final boolean rssReset;
    private volatile boolean running = true;

    private MemoryProbe() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        rssReset = resetRssPeak();
        sampler = new Thread(() -> {
            while (running) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    TimeUnit.MILLISECONDS.sleep(20); // a sampling period, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Resets the peaks and starts sampling. */
    public static MemoryProbe start() {
        return new MemoryProbe();
    }

    /** The peaks since {@link #start()}. */
    public Memory snapshot() {
        peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        long max = memory.getHeapMemoryUsage().getMax();
        return new Memory(peakHeap.get() / MB, poolPeaks / MB, max < 0 ? -1 : max / MB, statusKb("VmHWM") / 1024, rssReset);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /**
     * CPU time this whole JVM has used so far (every thread: broker, stub, streams, clients), in nanoseconds, or -1
     * where the JVM does not report it. The difference over a phase divided by its records is the CPU cost of one
     * record, the figure that sizing needs.
     */
    public static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static boolean resetRssPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A {@code kB} field of {@code /proc/self/status}, or -1024 (so -1 MB) when unavailable. */
    static long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc hidden: reported as -1
        }
        return -1024;
    }
}
