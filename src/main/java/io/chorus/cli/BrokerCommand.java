package io.chorus.cli;

import io.chorus.app.ChorusApp;
import io.chorus.config.ChorusConfig;
import io.chorus.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus broker}: run the embedded single-node KRaft broker alone. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a real single-node Kafka broker (KRaft) on 127.0.0.1 until Ctrl-C.",
                "It prints its bootstrap address, for chorus run, chorus demo --bootstrap, kcat or any Kafka client. With --data-dir the topics and their data survive a restart; without it they live in a temporary directory deleted on exit, and each start is a new cluster."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus broker --port 9092",
                "  chorus broker --port 9092 --data-dir ~/chorus-kafka &"})
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, defaultValue = "9092", description = "Client port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Log directory, kept across restarts; default: a temporary one deleted on exit.")
    Path dataDir;

    @Option(names = "--no-topics", description = "Do not create Chorus's topics.")
    boolean noTopics;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        try (UntilStopped stop = new UntilStopped("chorus-broker");
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dataDir)) {
            if (!noTopics) {
                ChorusApp.ensureTopics(new ChorusConfig(Map.of(ChorusConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers())));
            }
            var out = spec.commandLine().getOut();
            out.println("Kafka broker ready: bootstrap " + broker.bootstrapServers());
            out.println("  data: " + broker.dataDir() + (dataDir == null ? " (temporary)" : ""));
            out.println("  try:  kcat -L -b " + broker.bootstrapServers());
            out.println("Press Ctrl-C to stop.");
            out.flush();
            stop.await();
        }
        return ExitCodes.OK;
    }
}
