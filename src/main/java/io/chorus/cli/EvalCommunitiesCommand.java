package io.chorus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.community.BatchCommunities;
import io.chorus.community.CommunityEvaluation;
import io.chorus.community.CommunityModel;
import io.chorus.community.LabelledProfiles;
import io.chorus.community.LocalCommunityAssigner;
import io.chorus.community.OnnxProfileEmbedder;
import io.chorus.community.ProfileEmbedder;
import io.chorus.serde.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Scores offline community discovery against profiles whose true group is known. */
@Command(name = "communities", mixinStandardHelpOptions = true,
        description = {"Measure how well offline community discovery recovers known groups, with the same code as chorus communities and the stream.",
                "It prints NMI, ARI, the number and sizes of the communities and what each holds. Input: JSON lines of profiles with a \"label\" field, or following-list CSV exports (TwFollow_<account>_following.csv: the followed account is the label; users in two lists are left out). With --assignments, it scores an existing assignments file (chorus communities --out) instead of assigning."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus eval communities --in labelled-profiles.jsonl",
                "  chorus eval communities --in TwFollow_a_following.csv --in TwFollow_b.csv"})
public final class EvalCommunitiesCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Labelled profiles (.jsonl with a label field, or .csv exports); repeatable.")
    List<Path> in;

    @Option(names = "--assignments", paramLabel = "FILE",
            description = "Score this output of chorus communities (lines {\"line\",\"communityId\",...}, run on --write-labelled's file) instead of assigning.")
    Path assignments;

    @Option(names = "--write-labelled", paramLabel = "FILE",
            description = "Also write the labelled set as JSON lines (profile fields plus label), e.g. to run chorus communities on it.")
    Path writeLabelled;

    @Option(names = "--embedding", paramLabel = "e5|bge|minilm", defaultValue = "e5", description = "In-process embedding model (default: ${DEFAULT-VALUE}).")
    String embedding;

    @Option(names = "--discover-profiles", paramLabel = "N", defaultValue = "1000",
            description = "The first N profiles are clustered to discover the communities; 0: online only (default: ${DEFAULT-VALUE}).")
    int discoverProfiles;

    @Option(names = "--max-communities", paramLabel = "K", defaultValue = "12", description = "Most communities discovery may find (default: ${DEFAULT-VALUE}).")
    int maxCommunities;

    @Option(names = "--threshold", paramLabel = "COSINE", defaultValue = "" + CommunityModel.DEFAULT_NEW_COMMUNITY_THRESHOLD,
            description = "Cosine below which a profile founds a new community (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + BatchCommunities.DEFAULT_BATCH_SIZE,
            description = "Profiles embedded per model call after discovery (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Spec
    CommandSpec spec;

    /** How the embedder is made; tests replace it with a deterministic one. */
    Supplier<ProfileEmbedder> embedders = () -> new OnnxProfileEmbedder(CommunitiesCommand.embeddingModel(embedding));

    @Override
    public Integer call() throws IOException {
        for (Path file : in) {
            if (!Files.isRegularFile(file)) {
                throw new UserError("input file " + file + " does not exist");
            }
        }
        if (batchSize < 1) {
            throw new UserError("--batch-size must be positive, got " + batchSize);
        }
        LabelledProfiles.Set set;
        try {
            set = LabelledProfiles.read(in);
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        if (set.entries().isEmpty()) {
            throw new UserError("no labelled profiles in " + in);
        }
        if (writeLabelled != null) {
            Files.writeString(writeLabelled, LabelledProfiles.toJsonLines(set), StandardCharsets.UTF_8);
        }
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        CommunityEvaluation.Report report;
        String how;
        if (assignments != null) {
            report = scoreFile(set);
            how = "assignments from " + assignments;
        } else {
            ProfileEmbedder embedder = embedders.get();
            CommunityModel.Settings settings;
            try {
                settings = CommunityModel.Settings.defaults().withNewCommunityThreshold(threshold);
            } catch (IllegalArgumentException e) {
                throw new UserError("--threshold: " + e.getMessage());
            }
            LocalCommunityAssigner assigner = LocalCommunityAssigner.create(embedder, settings, List.of(), Clock.systemUTC())
                    .discovering(CommunitiesCommand.clustering(discoverProfiles, maxCommunities));
            start = System.nanoTime();
            report = CommunityEvaluation.run(set, new BatchCommunities(assigner, batchSize, discoverProfiles));
            how = "embedding " + embedder.name() + ", discovery from the first " + discoverProfiles + " profiles, at most "
                    + maxCommunities + " communities";
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        print(out, report, how, seconds);
        return ExitCodes.OK;
    }

    private CommunityEvaluation.Report scoreFile(LabelledProfiles.Set set) throws IOException {
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        Map<String, String> labels = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(assignments, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = Json.mapper().readTree(line);
                if (!node.has("communityId")) {
                    continue;
                }
                long number = node.get("line").asLong();
                if (number < 1 || number > set.entries().size()) {
                    throw new UserError(assignments + ": line " + number + " is outside the labelled set of " + set.entries().size()
                            + " profiles; run chorus communities on the --write-labelled file");
                }
                truth.add(set.entries().get((int) number - 1).label());
                String id = node.get("communityId").asText();
                predicted.add(id);
                labels.put(id, node.path("communityLabel").asText(id));
            }
        }
        return CommunityEvaluation.score(set, truth, predicted, labels);
    }

    private static void print(PrintWriter out, CommunityEvaluation.Report r, String how, double seconds) {
        out.printf("Profiles: %d labelled (%d true groups; %d users with two labels left out), %d assigned%n", r.profiles(),
                r.trueGroups(), r.ambiguous(), r.assigned());
        out.printf("NMI %.3f  ARI %.3f  communities %d  sizes %s%n", r.nmi(), r.ari(), r.communities().size(), r.sizes());
        out.printf("%-8s %6s  %-40s %s%n", "ID", "SIZE", "LABEL", "TRUE GROUPS");
        for (CommunityEvaluation.Row row : r.communities()) {
            out.printf("%-8s %6d  %-40s %s%n", row.communityId(), row.size(), row.label(), row.truth());
        }
        out.printf("(%s; %.1f s, %.0f profiles/s including embedding)%n", how, seconds, r.profiles() / Math.max(seconds, 1e-9));
        out.flush();
    }
}
