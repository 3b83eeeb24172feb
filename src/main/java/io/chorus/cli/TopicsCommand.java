package io.chorus.cli;

import io.chorus.app.ChorusApp;
import io.chorus.config.ChorusConfig;
import io.chorus.topics.TopicAdmin;
import io.chorus.config.TopicId;
import io.chorus.topics.TopicSpec;
import io.chorus.topics.TopicSpecs;
import io.chorus.topics.Topics;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chorus topics create|list}. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Manage Chorus's Kafka topics from the specs in topics/."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus topics create --bootstrap 127.0.0.1:9092",
                "  chorus topics list"},
        subcommands = {TopicsCommand.Create.class, TopicsCommand.ListSpecs.class})
public final class TopicsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create every topic from its spec, idempotently.",
                    "A topic that exists with another partition count or cleanup policy is an error naming the topic (exit code 1); it is never silently left wrong."},
            footerHeading = "%nExamples:%n",
            footer = {"  chorus topics create --bootstrap 127.0.0.1:9092"})
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOptions configOptions;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ChorusConfig config = configOptions.load();
            PrintWriter out = spec.commandLine().getOut();
            try {
                Map<String, TopicAdmin.Outcome> outcomes = ChorusApp.ensureTopics(config);
                outcomes.forEach((name, outcome) -> out.printf("%-40s %s%n", name, outcome == TopicAdmin.Outcome.CREATED ? "created" : "exists, matches spec"));
                out.flush();
                return ExitCodes.OK;
            } catch (TopicAdmin.TopicMismatchException e) {
                spec.commandLine().getErr().println("Error: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the topic specs with the names this configuration resolves them to."},
            footerHeading = "%nExamples:%n",
            footer = {"  chorus topics list --set topic.posts=my.posts"})
    static final class ListSpecs implements Callable<Integer> {
        @Mixin
        ConfigOptions configOptions;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ChorusConfig config = configOptions.load();
            Topics topics = Topics.from(config);
            TopicSpecs specs = TopicSpecs.load(config.getString(ChorusConfig.TOPICS_DIR));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-12s %-36s %4s %-8s %-10s %s%n", "id", "name", "part", "cleanup", "key", "description");
            for (TopicId id : TopicId.values()) {
                TopicSpec s = specs.get(id);
                out.printf("%-12s %-36s %4d %-8s %-10s %s%n", id.id(), topics.name(id), s.partitions(), s.cleanupPolicy(),
                        s.keyField() == null ? "-" : s.keyField(), s.description());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
