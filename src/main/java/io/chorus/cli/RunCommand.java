package io.chorus.cli;

import io.chorus.app.ChorusApp;
import io.chorus.app.Dependencies;
import io.chorus.config.ChorusConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus run}: the pipeline against any Kafka cluster, until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the Chorus pipeline against a Kafka cluster until Ctrl-C.",
                "It creates or checks the topics, starts the pipeline and the dashboard, and prints where its local state is. Start more instances with the same application.id (each with its own state.dir on one machine) to scale out; Kafka Streams moves partitions and state among them."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus run --bootstrap 127.0.0.1:9092",
                "  chorus run --config config/chorus.properties --set sentiment.scorer=llm"})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--no-create-topics", description = "Do not create or check topics at start-up.")
    boolean noCreateTopics;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ChorusConfig config = configOptions.load();
        var out = spec.commandLine().getOut();
        try (UntilStopped stop = new UntilStopped("chorus-run");
             Dependencies dependencies = Dependencies.open(config);
             ChorusApp app = ChorusApp.start(config, dependencies.deps(), !noCreateTopics, dependencies.registry())) {
            out.println("Chorus '" + config.applicationId() + "' running against " + config.bootstrapServers() + "; Ctrl-C to stop.");
            out.println("Local state in " + ChorusApp.stateDir(app.config()));
            if (app.httpUrl() != null) {
                out.println("Dashboard and API: " + app.httpUrl());
            }
            out.flush();
            stop.await();
        }
        return ExitCodes.OK;
    }
}
