package io.chorus.cli;

import io.chorus.app.Demo;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Chorus end to end on the bundled sample feed: an embedded Kafka broker (or --bootstrap),",
                "the topics, the sample profiles, campaigns and posts, the pipeline with local models, progress, a summary.",
                "Stops by itself at the end of the sample (or after --duration, or on Ctrl-C)."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Run this long (e.g. 90s, 5m) instead of stopping at the end of the sample.")
    String duration;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        var config = configOptions.load();
        boolean embedded = configOptions.bootstrap == null && !configOptions.overrides.containsKey("bootstrap.servers");
        Demo demo = new Demo(config, embedded, duration == null ? null : Durations.parse("--duration", duration),
                new java.io.PrintWriter(spec.commandLine().getOut(), true));
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            demo.requestStop();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "chorus-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Demo.Summary summary = demo.run();
            return summary.scored() > 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // JVM already exiting via Ctrl-C: the hook is waiting on 'finished', released above
            }
        }
    }
}
