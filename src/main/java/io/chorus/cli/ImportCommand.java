package io.chorus.cli;

import io.chorus.app.ChorusApp;
import io.chorus.config.ChorusConfig;
import io.chorus.imports.BadRow;
import io.chorus.imports.ImportResult;
import io.chorus.imports.ImportedRecord;
import io.chorus.imports.ProfileExports;
import io.chorus.imports.TweetExports;
import io.chorus.serde.Json;
import io.chorus.config.TopicId;
import io.chorus.topics.TopicSpecs;
import io.chorus.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus import tweets|profiles}: real CSV exports into Chorus's input topics, without a converter. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import CSV exports of real accounts (tweets, followed profiles) into Chorus's input topics."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus import tweets --file exports/ --dry-run",
                "  chorus import profiles --file TwFollow_yalesom_following.csv"},
        subcommands = {ImportCommand.Tweets.class, ImportCommand.Profiles.class})
public final class ImportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every import shares. */
    static final class Common {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                description = "CSV export, or a directory of them (*.csv); repeatable.")
        List<Path> files = new ArrayList<>();

        @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", description = "Topic name to write to instead of the configured one.")
        String topic;

        @Option(names = "--dry-run", description = "Read and map the files, print the summary and the first records; produce nothing.")
        boolean dryRun;

        @Option(names = "--max-bad-rows", paramLabel = "N", defaultValue = "0",
                description = "Produce nothing, and exit 1, when more than N rows cannot be mapped (default: ${DEFAULT-VALUE}).")
        long maxBadRows;

        @Mixin
        ConfigOptions configOptions;
    }

    @Command(name = "tweets", mixinStandardHelpOptions = true,
            description = {"Import tweet exports (tweet_id, text, language, type, created_at, media_urls, ...) as posts keyed by author.",
                    "The author is the account in the file name (TwExportly_<account>_tweets_<date>.csv) unless --author-id is given. All rows go in one transaction. Records get the time of the import as their Kafka timestamp; the tweet's time is the post's createdAt."},
            footerHeading = "%nExamples:%n",
            footer = {"  chorus import tweets --file exports/ --dry-run",
                    "  chorus import tweets --file TwExportly_mkbhd_tweets_2024_02_21.csv"})
    static final class Tweets implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--author-id", paramLabel = "ID", description = "Author id for every row (when the file name has no account).")
        String authorId;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            return run(spec, common, TopicId.POSTS, files -> TweetExports.read(files, authorId));
        }
    }

    @Command(name = "profiles", mixinStandardHelpOptions = true,
            description = {"Import profile exports (name, username, userId, bio, location, avatar_url, ...) as profiles keyed by user id."},
            footerHeading = "%nExamples:%n",
            footer = {"  chorus import profiles --file TwFollow_yalesom_following.csv"})
    static final class Profiles implements Callable<Integer> {
        @Mixin
        Common common;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            return run(spec, common, TopicId.PROFILES, ProfileExports::read);
        }
    }

    static int run(CommandSpec spec, Common common, TopicId id, Function<List<Path>, ImportResult> reader) throws IOException {
        ChorusConfig config = common.configOptions.load();
        List<Path> files = expand(common.files);
        ImportResult result = reader.apply(files);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String topic = common.topic != null ? common.topic : Topics.from(config).name(id);
        String keyField = TopicSpecs.load(config.getString(ChorusConfig.TOPICS_DIR)).get(id).keyField();
        out.printf("Read %d file(s): %d rows, %d records, %d bad rows%n", files.size(), result.rows(), result.records().size(),
                result.badRows().size());
        result.kinds().forEach((k, n) -> out.printf("  %-40s %d%n", k, n));
        result.notes().forEach((k, n) -> out.printf("  changed: %-31s %d%n", k, n));
        int shown = 0;
        for (BadRow bad : result.badRows()) {
            if (shown++ == 50) {
                err.printf("  ... and %d more bad rows%n", result.badRows().size() - 50);
                break;
            }
            err.println("  bad row " + bad);
        }
        err.flush();
        if (result.badRows().size() > common.maxBadRows) {
            out.printf("Nothing produced: %d bad rows, more than --max-bad-rows %d. Fix the rows above, or raise the limit.%n",
                    result.badRows().size(), common.maxBadRows);
            out.flush();
            return ExitCodes.FAILURE;
        }
        if (common.dryRun) {
            result.records().stream().limit(3).forEach(r -> out.println("  " + r.file() + ":" + r.line() + " key=" + r.key() + " "
                    + new String(r.value(), StandardCharsets.UTF_8)));
            out.printf("Dry run: nothing produced (would produce %d records to %s, key: %s)%n", result.records().size(), topic, keyField);
            out.flush();
            return ExitCodes.OK;
        }
        if (common.topic == null) {
            ChorusApp.ensureTopics(config, List.of(id));
        }
        long sent = produce(config, topic, keyField, result.records());
        out.printf("Produced %d records to %s (key: %s)%n", sent, topic, keyField);
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Sends every record keyed by the topic's key field in one transaction: a failure part way produces nothing a
     * read_committed reader (Chorus) sees, so importing again never duplicates.
     */
    private static long produce(ChorusConfig config, String topic, String keyField, List<ImportedRecord> records) throws IOException {
        java.util.Map<String, Object> props = new java.util.HashMap<>(config.kafkaClientProps());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "chorus-import-" + java.util.UUID.randomUUID());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (var producer = new KafkaProducer<byte[], byte[]>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                for (ImportedRecord r : records) {
                    String key = keyOf(r, keyField);
                    producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), r.value()));
                }
                producer.commitTransaction();
            } catch (KafkaException e) {
                try {
                    producer.abortTransaction();
                } catch (KafkaException ignored) {
                    // the transaction times out on the broker and is aborted there
                }
                throw new IllegalStateException("cannot produce to " + topic + ": " + e.getMessage()
                        + " (nothing was committed; import again when the cluster is reachable)", e);
            }
        }
        return records.size();
    }

    private static String keyOf(ImportedRecord r, String keyField) throws IOException {
        if (keyField == null) {
            return r.key();
        }
        var node = Json.mapper().readTree(r.value()).get(keyField);
        return node == null || node.isNull() ? r.key() : node.asText();
    }

    private static List<Path> expand(List<Path> given) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new UserError("--file " + p + " does not exist");
            }
        }
        if (files.isEmpty()) {
            throw new UserError("no CSV files in " + given);
        }
        return files;
    }
}
