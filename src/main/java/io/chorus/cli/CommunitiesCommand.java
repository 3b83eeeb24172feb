package io.chorus.cli;

import io.chorus.community.BatchCommunities;
import io.chorus.community.CommunityModel;
import io.chorus.community.LocalCommunityAssigner;
import io.chorus.community.MiniLmEmbedder;
import io.chorus.community.OperatorCommunities;
import io.chorus.model.Community;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Batch community discovery and assignment of a JSON-lines file of profiles, offline, with the stream's code. */
@Command(name = "communities", mixinStandardHelpOptions = true,
        description = {"Discover communities in a JSON-lines file of profiles and assign each profile",
                "to one, offline (in-process all-MiniLM-L6-v2 embeddings, online clustering),",
                "with the same code as the stream. Writes one line per input line:",
                "  {\"line\",\"userId\",\"communityId\",\"communityLabel\",\"confidence\"}, or",
                "  {\"line\",\"error\":{\"reason\",\"message\"}} for a line that is not a valid profile.",
                "Prints the communities (id, size, label) and the throughput on stderr."})
public final class CommunitiesCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input profiles, one JSON object per line ('-' for stdin).")
    String in;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file ('-' or absent for stdout).")
    String out;

    @Option(names = "--threshold", paramLabel = "COSINE", defaultValue = "" + CommunityModel.DEFAULT_NEW_COMMUNITY_THRESHOLD,
            description = "Cosine similarity below which a profile founds a new community (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--merge-threshold", paramLabel = "COSINE", defaultValue = "" + CommunityModel.DEFAULT_MERGE_THRESHOLD,
            description = "Cosine between two centroids at which their communities merge; above 1 disables merging (default: ${DEFAULT-VALUE}).")
    double mergeThreshold;

    @Option(names = "--seeds", paramLabel = "FILE",
            description = "Operator-defined communities to start from, e.g. " + OperatorCommunities.DEFAULT_FILE + " (default: none).")
    Path seeds;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + BatchCommunities.DEFAULT_BATCH_SIZE,
            description = "Profiles embedded per model call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CommunityModel.Settings settings = settings();
        if (batchSize < 1) {
            throw new UserError("--batch-size must be positive, got " + batchSize);
        }
        if (seeds != null && !Files.isRegularFile(seeds)) {
            throw new UserError("seeds file " + seeds + " does not exist");
        }
        PrintWriter err = spec.commandLine().getErr();
        long loadStart = System.nanoTime();
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        List<CommunityModel.Seed> seedList = seeds == null ? List.of() : OperatorCommunities.loadSeeds(seeds, embedder);
        LocalCommunityAssigner assigner = LocalCommunityAssigner.create(embedder, settings, seedList, Clock.systemUTC());
        long start = System.nanoTime();
        BatchCommunities.Result result;
        try (BufferedReader reader = CliFiles.open(in); BufferedWriter writer = CliFiles.create(out)) {
            result = new BatchCommunities(assigner, batchSize).run(reader, writer,
                    (line, e) -> err.printf("%s line %d: %s: %s%n", in, line, e.reason(), e.getMessage()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        printCommunities(err, result.communities());
        err.printf("Assigned %d profiles to %d communities; %d invalid line(s)%n", result.assigned(), result.communities().size(),
                result.invalid());
        err.printf("Throughput: %.0f profiles/s (%d profiles in %.2f s, batch size %d; model load and seeds %.2f s not included)%n",
                result.assigned() / Math.max(seconds, 1e-9), result.assigned(), seconds, batchSize, (start - loadStart) / 1e9);
        err.flush();
        return ExitCodes.OK;
    }

    private CommunityModel.Settings settings() {
        try {
            return CommunityModel.Settings.defaults().withNewCommunityThreshold(threshold).withMergeThreshold(mergeThreshold);
        } catch (IllegalArgumentException e) {
            throw new UserError("--threshold/--merge-threshold: " + e.getMessage());
        }
    }

    private static void printCommunities(PrintWriter err, List<Community> communities) {
        err.printf("%-8s %6s  %s%n", "ID", "SIZE", "LABEL");
        for (Community c : communities) {
            err.printf("%-8s %6d  %s%n", c.id(), c.size(), c.label());
        }
    }
}
