package io.chorus.bench;

import io.chorus.kafka.ChildProcesses;

import io.chorus.config.ChorusConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Chorus instance as its own JVM ({@code chorus run} with this JVM's classpath), so that it can be killed with
 * SIGKILL like a crashed machine: no shutdown hook, no commit, no leave-group. Started again with the same
 * configuration (same state directory and HTTP port) it is the same instance coming back.
 */
public final class ChorusProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final ChorusConfig config;
    private final Path log;
    private final String heapMax;
    private Process process;
    private long cpuNanosOfEarlierRuns;

    /**
     * @param config  must set {@code http.enabled=true} with a fixed {@code http.port} to be queried
     * @param log     stdout and stderr of every start, appended
     * @param heapMax the child's {@code -Xmx}, e.g. {@code 384m}
     */
    public ChorusProcess(String name, ChorusConfig config, Path log, String heapMax) {
        this.name = name;
        this.config = config;
        this.log = log;
        this.heapMax = heapMax;
    }

    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is running (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMax, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.chorus.cli.ChorusCli", "run",
                "--bootstrap", config.bootstrapServers()));
        config.originals().forEach((k, v) -> {
            command.add("--set");
            command.add(k + "=" + v);
        });
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** {@code http://127.0.0.1:PORT} of its API. */
    public String httpUrl() {
        return "http://127.0.0.1:" + config.getInt(ChorusConfig.HTTP_PORT);
    }

    /** True when the process is alive and its Kafka Streams reports RUNNING ({@code /api/ready} answers 200). */
    public boolean isReady() {
        if (!isAlive()) {
            return false;
        }
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl() + "/api/ready")).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        stop(true);
    }

    private void stop(boolean force) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return;
        }
        long cpu = cpuNanos(p);
        synchronized (this) {
            cpuNanosOfEarlierRuns += cpu;
            process = null;
        }
        ChildProcesses.stop(p, force);
    }

    /** CPU time used by every run of this instance so far (the operating system's count; 0 where it is not reported). */
    public synchronized long cpuNanos() {
        return cpuNanosOfEarlierRuns + (process == null ? 0 : cpuNanos(process));
    }

    private static long cpuNanos(Process p) {
        return p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** A clean stop (SIGTERM: Kafka Streams closes and leaves the group). */
    @Override
    public void close() {
        stop(false);
    }
}
