package io.chorus.cli;

import io.chorus.config.ChorusConfig;
import io.chorus.media.MediaGc;
import io.chorus.media.MediaStage;
import io.chorus.media.MediaStore;
import io.chorus.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus media}: the media store (generated images and audio). */
@Command(name = "media", mixinStandardHelpOptions = true, subcommands = MediaCommand.Gc.class,
        description = {"Look after the store of generated images and audio (see docs/MEDIA.md)."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus media gc --dry-run"})
public final class MediaCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code chorus media gc}: deletes orphaned media files. */
    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = {"Delete media files that no committed record of chorus.captions or chorus.replies (or their experiment copies) "
                    + "refers to and that are older than --min-age, and temporary files left by interrupted writes.",
                    "Younger files are kept: they may belong to an output whose transaction is still open. If a topic cannot be read "
                            + "to its end, nothing is deleted. Safe to run while Chorus runs, on any instance that mounts media.dir."},
            footerHeading = "%nExamples:%n",
            footer = {"  chorus media gc --dry-run", "  chorus media gc --min-age 48h"})
    static final class Gc implements Callable<Integer> {

        @Option(names = "--min-age", paramLabel = "DURATION", defaultValue = "24h",
                description = "Only files last modified longer ago than this may go (default: ${DEFAULT-VALUE}; must exceed transaction.timeout.ms).")
        String minAge;

        @Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
        boolean dryRun;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m",
                description = "Longest time to read the output topics to their end (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Mixin
        ConfigOptions configOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ChorusConfig config = configOptions.load();
            Duration age = Durations.parse("--min-age", minAge);
            if (age.compareTo(Duration.ofMinutes(10)) < 0) {
                throw new UserError("--min-age must be at least 10m (it must exceed the longest open transaction), was " + minAge);
            }
            Topics topics = Topics.from(config);
            MediaStore store = MediaStage.store(config);
            MediaGc.Referenced refs = MediaGc.referenced(config.kafkaClientProps(), List.of(topics.captions.name(), topics.replies.name()),
                    Durations.parse("--timeout", timeout));
            MediaGc.Result r = MediaGc.run(store, refs.hashes(), Instant.now(), age, dryRun, refs.topics(), refs.records());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("media store %s: %d files; %d records read from %s; %d referenced, %d younger than %s%n", store.dir(), r.files(),
                    r.recordsRead(), r.topicsRead(), r.referenced(), r.young(), minAge);
            out.printf("%s %d orphaned files and %d temporary files (%d bytes)%n", dryRun ? "would delete" : "deleted",
                    r.deletedOrphans().size(), r.deletedTemporary().size(), r.bytesFreed());
            r.deletedOrphans().forEach(p -> out.println("  orphan " + p.getFileName()));
            r.deletedTemporary().forEach(p -> out.println("  temporary " + p.getFileName()));
            return ExitCodes.OK;
        }
    }
}
