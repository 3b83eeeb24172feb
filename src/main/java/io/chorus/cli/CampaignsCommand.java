package io.chorus.cli;

import io.chorus.app.ChorusApp;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.generation.Guardrails;
import io.chorus.model.Campaign;
import io.chorus.serde.InvalidRecordException;
import io.chorus.serde.JsonSerde;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chorus campaigns load F}: validate campaigns and publish them to the compacted campaigns topic. */
@Command(name = "campaigns", mixinStandardHelpOptions = true,
        description = {"Manage campaigns: what to promote, to whom, and as what (see chorus help campaigns)."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus campaigns load campaigns.jsonl --dry-run"},
        subcommands = CampaignsCommand.Load.class)
public final class CampaignsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Validate a JSON-lines file of campaigns and publish them to the campaigns topic, keyed by campaign id.",
                    "Every line is checked first (fields, schemaVersion, a visible disclosure label, the topic blocklist on every text field, perAuthorDailyCap at most 10); if any line is refused, nothing is published unless --skip-invalid is given. Publishing a campaign again replaces it."},
            footerHeading = "%nExamples:%n",
            footer = {"  chorus campaigns load campaigns.jsonl --dry-run",
                    "  chorus campaigns load campaigns.jsonl --bootstrap 127.0.0.1:9092"})
    static final class Load implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "Campaigns, one JSON object per line.")
        Path file;

        @Option(names = "--skip-invalid", description = "Publish the valid campaigns even when some lines are refused.")
        boolean skipInvalid;

        @Option(names = "--dry-run", description = "Validate only; publish nothing.")
        boolean dryRun;

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
            Topics topics = Topics.from(config);
            JsonSerde<Campaign> serde = (JsonSerde<Campaign>) topics.campaigns.valueSerde();
            Guardrails guardrails = new Guardrails(config.getList(ChorusConfig.GENERATION_TOPIC_BLOCKLIST),
                    config.getInt(ChorusConfig.GENERATION_MAX_CHARS));
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Campaign> valid = new ArrayList<>();
            int refused = 0;
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Campaign c = serde.fromBytes(line.getBytes(StandardCharsets.UTF_8));
                    var refusal = guardrails.refuseCampaign(c);
                    if (refusal.isPresent()) {
                        err.printf("%s line %d: refused: %s%n", file, lineNo, refusal.get());
                        refused++;
                    } else {
                        valid.add(c);
                    }
                } catch (InvalidRecordException e) {
                    err.printf("%s line %d: %s: %s%n", file, lineNo, e.reason(), e.getMessage());
                    refused++;
                }
            }
            err.flush();
            if (refused > 0 && !skipInvalid) {
                err.printf("%d campaign(s) refused; nothing published (use --skip-invalid to publish the %d valid ones)%n", refused, valid.size());
                err.flush();
                return ExitCodes.FAILURE;
            }
            if (!dryRun) {
                ChorusApp.ensureTopics(config, List.of(TopicId.CAMPAIGNS));
                try (var producer = FeedProducer.producer(config.kafkaClientProps())) {
                    for (Campaign c : valid) {
                        FeedProducer.produceOne(producer, topics.campaigns.name(), c.id(), serde.toBytes(c));
                    }
                }
            }
            for (Campaign c : valid) {
                out.printf("%-20s %-9s %-28s %s%n", c.id(), c.contentType().wireName(), c.topic(),
                        Boolean.TRUE.equals(c.enabled()) ? "enabled" : "disabled");
            }
            out.printf("%s %d campaign(s) to %s%s%n", dryRun ? "Validated" : "Published", valid.size(), topics.campaigns.name(),
                    refused > 0 ? " (" + refused + " refused)" : "");
            out.flush();
            return ExitCodes.OK;
        }
    }
}
