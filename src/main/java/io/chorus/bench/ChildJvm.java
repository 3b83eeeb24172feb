package io.chorus.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code chorus} subcommand (the stub server, a broker) in a JVM of its own, so that a benchmark's process CPU,
 * threads and allocation are Chorus's alone. Started with this JVM's class path; {@link #close} stops the child it
 * started (by its handle) and waits for it.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final String ready;

    private ChildJvm(Process process, String ready) {
        this.process = process;
        this.ready = ready;
    }

    /**
     * Starts {@code chorus <args>} and waits until a line of its output matches {@code readyLine}.
     *
     * @return the child, whose {@link #ready()} is the first group of the matching line
     */
    static ChildJvm start(String heap, List<String> args, Pattern readyLine, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.chorus.cli.ChorusCli"));
        command.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + args + " in a child JVM: " + e.getMessage(), e);
        }
        CompletableFuture<String> matched = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    Matcher m = readyLine.matcher(line);
                    if (!matched.isDone() && m.find()) {
                        matched.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the child ended
            }
            matched.completeExceptionally(new IllegalStateException("child " + args + " ended before it was ready"));
        }, "bench-child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChildJvm(p, matched.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            p.destroyForcibly();
            throw new IllegalStateException("child " + args + " not ready within " + timeout.toSeconds() + " s: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + args, e);
        }
    }

    /** What the ready line announced (a base URL, bootstrap servers). */
    String ready() {
        return ready;
    }

    /** The child's CPU time so far, in nanoseconds, or -1 when the platform does not say. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
