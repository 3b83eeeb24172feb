package io.chorus.cli;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.config.TopicId;
import io.chorus.topics.TopicSpecs;
import io.chorus.topics.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus produce}: load a JSON-lines file into a topic. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Load a JSON-lines file into a topic, one record per line, each line sent unchanged.",
                "The key is the topic's key field (from its spec, e.g. authorId for posts) when the line has it."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus produce --topic posts --file posts.jsonl --bootstrap 127.0.0.1:9092"})
public final class ProduceCommand implements Callable<Integer> {

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC",
            description = "Topic id (posts, profiles, campaigns, follows, ...) or topic name (social.posts, ...).")
    String topic;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "JSON-lines file.")
    Path file;

    @Option(names = "--key-field", paramLabel = "FIELD", description = "Override the key field of the topic's spec.")
    String keyField;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ChorusConfig config = configOptions.load();
        if (!Files.isRegularFile(file)) {
            throw new UserError("file " + file + " does not exist");
        }
        TopicId id = resolve(config, topic);
        Topics topics = Topics.from(config);
        String name = topics.name(id);
        String key = keyField != null ? keyField : TopicSpecs.load(config.getString(ChorusConfig.TOPICS_DIR)).get(id).keyField();
        ChorusApp.ensureTopics(config, List.of(id));
        int sent;
        try (var producer = FeedProducer.producer(config.kafkaClientProps());
             BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            sent = FeedProducer.produceLines(producer, name, key, reader);
        }
        spec.commandLine().getOut().printf("Produced %d records from %s to %s (key: %s)%n", sent, file, name, key == null ? "none" : key);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    static TopicId resolve(ChorusConfig config, String topicArg) {
        Topics topics = Topics.from(config);
        for (TopicId id : TopicId.values()) {
            if (id.id().equals(topicArg) || topics.name(id).equals(topicArg)) {
                return id;
            }
        }
        throw new UserError("unknown topic '" + topicArg + "'; use one of the ids or names listed by 'chorus topics list'");
    }
}
