package io.chorus.cli;

import io.chorus.config.ChorusConfig;
import io.chorus.replay.Experiment;
import io.chorus.replay.Experiments;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chorus experiments list|delete}. */
@Command(name = "experiments", mixinStandardHelpOptions = true,
        description = {"List or delete replay experiments (see chorus help replay).",
                "An experiment is found by its names only: output topics <topic>.exp.NAME, and the consumer group and internal topics <application.id>-exp-NAME."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus experiments list",
                "  chorus experiments delete vader"},
        subcommands = {ExperimentsCommand.ListExperiments.class, ExperimentsCommand.Delete.class})
public final class ExperimentsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the experiments on the cluster: name, group state, output and internal topics."},
            footerHeading = "%nExamples:%n",
            footer = {"  chorus experiments list --bootstrap 127.0.0.1:9092"})
    static final class ListExperiments implements Callable<Integer> {
        @Mixin
        ConfigOptions configOptions;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ChorusConfig base = configOptions.load();
            PrintWriter out = spec.commandLine().getOut();
            List<Experiments.Info> all;
            try (Admin admin = Admin.create(base.kafkaClientProps())) {
                all = Experiments.list(admin, base);
            }
            if (all.isEmpty()) {
                out.println("No experiments. Start one with: chorus replay --experiment NAME --from TIME");
            } else {
                out.printf("%-24s %-10s %7s %9s  %s%n", "experiment", "group", "outputs", "internal", "application id");
                for (Experiments.Info i : all) {
                    out.printf("%-24s %-10s %7d %9d  %s%n", i.name(), i.groupState().orElse("-").toLowerCase(java.util.Locale.ROOT),
                            i.outputTopics().size(), i.internalTopics().size(), Experiment.of(i.name(), base).applicationId());
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete experiment NAME: its output topics, internal topics, consumer group (offsets) and local state.",
                    "It is refused while the experiment is running. Production topics and the shared response cache are never deleted."},
            footerHeading = "%nExamples:%n",
            footer = {"  chorus experiments delete vader"})
    static final class Delete implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The experiment to delete.")
        String name;
        @Mixin
        ConfigOptions configOptions;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ChorusConfig base = configOptions.load();
            Experiment experiment;
            try {
                experiment = Experiment.of(name, base);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = Admin.create(base.kafkaClientProps())) {
                Experiments.Info info = Experiments.info(admin, experiment);
                if (info.outputTopics().isEmpty() && info.internalTopics().isEmpty() && info.groupState().isEmpty()
                        && !java.nio.file.Files.exists(experiment.stateDir())) {
                    throw new UserError("no experiment '" + name + "' on " + base.bootstrapServers() + "; 'chorus experiments list' shows them");
                }
                Experiments.Deletion d = Experiments.delete(admin, experiment);
                out.println("Deleted experiment " + name + ": " + d.topics().size() + " topic(s)"
                        + (d.group() ? ", group " + experiment.applicationId() : "") + (d.localState() ? ", local state" : ""));
                d.topics().forEach(t -> out.println("  " + t));
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("Error: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
