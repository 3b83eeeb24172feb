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
        description = {"Run Chorus end to end on the bundled sample feed, then print a summary and stop.",
                "It starts a Kafka broker in this process (or uses --bootstrap), creates the topics, loads the sample profiles, campaigns and posts, and runs the pipeline with local models, saying what each stage does and when it is done. "
                        + "It stops by itself at the end of the sample, after --duration (the dashboard stays up until then), or on Ctrl-C."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus demo                  # about half a minute, then a summary",
                "  chorus demo --duration 10m   # keep the dashboard up for ten minutes",
                "  chorus demo --set sentiment.scorer=llm --set llm.base.url=http://x:8099/v1"})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Keep running this long (e.g. 90s, 10m), with the dashboard up, instead of stopping at the end of the sample.")
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
                new java.io.PrintWriter(spec.commandLine().getOut(), true), System.console() != null);
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
