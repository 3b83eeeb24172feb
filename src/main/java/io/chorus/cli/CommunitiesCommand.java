package io.chorus.cli;

import io.chorus.async.CallFailedException;
import io.chorus.async.GatewaySettings;
import io.chorus.async.ModelGateway;
import io.chorus.community.BatchCommunities;
import io.chorus.community.CommunityModel;
import io.chorus.community.LlmCommunityDiscovery;
import io.chorus.community.LocalCommunityAssigner;
import io.chorus.community.OnnxProfileEmbedder;
import io.chorus.community.WardClustering;
import io.chorus.community.OperatorCommunities;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.openai.OpenAiChatClient;
import io.chorus.model.Community;
import io.chorus.model.Profile;
import io.chorus.serde.InvalidRecordException;
import io.chorus.serde.JsonSerde;
import io.chorus.prompt.PromptTemplate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Batch community discovery and assignment of a JSON-lines file of profiles, offline, with the stream's code. */
@Command(name = "communities", mixinStandardHelpOptions = true,
        description = {"Discover communities in a JSON-lines file of profiles and assign each profile to one, with the stream's own code.",
                "Offline, profiles are embedded in process (--embedding), the first profiles (--discover-profiles) are clustered to find the communities without being told how many, and every profile is assigned to the nearest. It writes one line per input line: {\"line\",\"userId\",\"communityId\",\"communityLabel\",\"confidence\"}, or {\"line\",\"error\":{\"reason\",\"message\"}} for a line that is not a valid profile or that the embedding model failed on (the other lines go on), and prints the communities (id, size, label) and the throughput on stderr.",
                "With --method llm, a chat model (llm.* settings, --set llm.base.url=...) first names the communities of the first profiles (see --discover-max-profiles); they are written as a seeds file (--discover-out) and every profile is then assigned to the nearest one by embedding similarity. If the model call fails for good (after async.retry.max.attempts), the command exits with code 1 and writes nothing. See docs/COMMUNITIES.md."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus communities --in profiles.jsonl --out assignments.jsonl",
                "  chorus communities --in profiles.jsonl --out a.jsonl --method llm \\",
                "      --discover-out seeds.json --set llm.base.url=http://127.0.0.1:8099/v1"})
public final class CommunitiesCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input profiles, one JSON object per line ('-' for stdin).")
    String in;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file ('-' or absent for stdout).")
    String out;

    @Option(names = "--method", paramLabel = "local|llm", defaultValue = "local",
            description = "local: discover by online clustering; llm: a chat model names the communities (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--discover-out", paramLabel = "FILE",
            description = "With --method llm: write the discovered communities here as a seeds file (the format of "
                    + OperatorCommunities.DEFAULT_FILE + ", for communities.seeds.file). Absent: printed on stderr.")
    Path discoverOut;

    @Option(names = "--discover-max-profiles", paramLabel = "N", defaultValue = "" + LlmCommunityDiscovery.DEFAULT_MAX_PROFILES,
            description = "With --method llm: the first N valid profiles are shown to the model (default: ${DEFAULT-VALUE}).")
    int discoverMaxProfiles;

    @Option(names = "--threshold", paramLabel = "COSINE",
            description = {"Cosine similarity below which a profile founds a new community (default: "
                    + CommunityModel.DEFAULT_NEW_COMMUNITY_THRESHOLD + "; with --method llm -1, so that every profile",
                    "joins its nearest discovered community)."})
    Double threshold;

    @Option(names = "--merge-threshold", paramLabel = "COSINE", defaultValue = "" + CommunityModel.DEFAULT_MERGE_THRESHOLD,
            description = "Cosine between two centroids at which their communities merge; above 1 disables merging (default: ${DEFAULT-VALUE}).")
    double mergeThreshold;

    @Option(names = "--seeds", paramLabel = "FILE",
            description = "Operator-defined communities to start from, e.g. " + OperatorCommunities.DEFAULT_FILE + " (default: none).")
    Path seeds;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + BatchCommunities.DEFAULT_BATCH_SIZE,
            description = "Profiles embedded per model call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--embedding", paramLabel = "e5|bge|minilm", defaultValue = "e5",
            description = "In-process embedding model (default: ${DEFAULT-VALUE}).")
    String embedding;

    @Option(names = "--discover-profiles", paramLabel = "N", defaultValue = "1000",
            description = {"The first N valid profiles are clustered together to discover the communities (at most "
                    + WardClustering.MAX_POINTS + "; 0: online clustering only, by --threshold) (default: ${DEFAULT-VALUE})."})
    int discoverProfiles;

    @Option(names = "--max-communities", paramLabel = "K", defaultValue = "12",
            description = "Most communities discovery may find; it chooses between 2 and K (default: ${DEFAULT-VALUE}).")
    int maxCommunities;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        boolean llm = checkMethod();
        CommunityModel.Settings settings = settings(llm);
        if (batchSize < 1) {
            throw new UserError("--batch-size must be positive, got " + batchSize);
        }
        if (seeds != null && !Files.isRegularFile(seeds)) {
            throw new UserError("seeds file " + seeds + " does not exist");
        }
        PrintWriter err = spec.commandLine().getErr();
        long loadStart = System.nanoTime();
        List<OperatorCommunities.Definition> definitions;
        if (llm) {
            definitions = discover(err);
            if (definitions == null) {
                return ExitCodes.FAILURE;
            }
        } else {
            definitions = seeds == null ? List.of() : OperatorCommunities.load(seeds);
        }
        OnnxProfileEmbedder embedder = new OnnxProfileEmbedder(embeddingModel(embedding));
        List<CommunityModel.Seed> seedList = OperatorCommunities.toSeeds(definitions, embedder);
        LocalCommunityAssigner assigner = LocalCommunityAssigner.create(embedder, settings, seedList, Clock.systemUTC());
        if (!llm) {
            assigner.discovering(clustering(discoverProfiles, maxCommunities));
        }
        long start = System.nanoTime();
        BatchCommunities.Result result;
        try (BufferedReader reader = CliFiles.open(in); BufferedWriter writer = CliFiles.create(out)) {
            result = new BatchCommunities(assigner, batchSize, llm ? 0 : discoverProfiles).run(reader, writer,
                    (line, e) -> err.printf("%s line %d: %s: %s%n", in, line, e.reason(), e.getMessage()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        printCommunities(err, result.communities());
        err.printf("Assigned %d profiles to %d communities (method %s); %d invalid line(s)%n", result.assigned(),
                result.communities().size(), llm ? "llm: model-named communities, assignment by embedding similarity" : "local",
                result.invalid());
        err.printf("Throughput: %.0f profiles/s (%d profiles in %.2f s, batch size %d; model load and seeds %.2f s not included)%n",
                result.assigned() / Math.max(seconds, 1e-9), result.assigned(), seconds, batchSize, (start - loadStart) / 1e9);
        err.flush();
        return ExitCodes.OK;
    }

    static OnnxProfileEmbedder.Model embeddingModel(String name) {
        try {
            return OnnxProfileEmbedder.Model.named(name);
        } catch (IllegalArgumentException e) {
            throw new UserError("--embedding: " + e.getMessage());
        }
    }

    /** Discovery as the stream configures it ({@code communities.discovery.*}), or null when {@code profiles} is 0. */
    static WardClustering clustering(int profiles, int maxCommunities) {
        if (profiles < 0 || profiles > WardClustering.MAX_POINTS) {
            throw new UserError("--discover-profiles must be between 0 and " + WardClustering.MAX_POINTS + ", got " + profiles);
        }
        if (maxCommunities < 2) {
            throw new UserError("--max-communities must be at least 2, got " + maxCommunities);
        }
        if (profiles == 0) {
            return null;
        }
        WardClustering.Settings d = WardClustering.Settings.defaults();
        return new WardClustering(new WardClustering.Settings(d.minCommunities(), maxCommunities, d.minShare(), d.minMembers()));
    }

    private boolean checkMethod() {
        boolean llm = switch (method) {
            case "local" -> false;
            case "llm" -> true;
            default -> throw new UserError("--method must be local or llm, got " + method);
        };
        if (!llm && discoverOut != null) {
            throw new UserError("--discover-out needs --method llm");
        }
        if (llm && seeds != null) {
            throw new UserError("--seeds and --method llm do not mix: the model's communities are the seeds (edit the --discover-out file"
                    + " to add your own, then run with --seeds on it)");
        }
        if (llm && "-".equals(in)) {
            throw new UserError("--method llm reads the input twice (a batch for the model, then every line); give a file, not '-'");
        }
        if (llm && discoverMaxProfiles < 1) {
            throw new UserError("--discover-max-profiles must be positive, got " + discoverMaxProfiles);
        }
        if (discoverOut != null && discoverOut.toAbsolutePath().getParent() != null
                && !Files.isDirectory(discoverOut.toAbsolutePath().getParent())) {
            throw new UserError("--discover-out " + discoverOut + ": the directory does not exist");
        }
        return llm;
    }

    /**
     * Asks the model for the communities of the first valid profiles and writes them as a seeds file (or prints
     * them). Returns null, having said why on {@code err}, when the model call failed for good; nothing is written then.
     */
    private List<OperatorCommunities.Definition> discover(PrintWriter err) throws IOException {
        ChorusConfig config = configOptions.load();
        List<Profile> profiles = firstProfiles(discoverMaxProfiles);
        if (profiles.isEmpty()) {
            throw new UserError("input file " + in + " has no valid profile to discover communities from");
        }
        LlmCommunityDiscovery.Discovery discovery;
        try (ModelGateway gateway = new ModelGateway(OpenAiChatClient.fromConfig(config), GatewaySettings.fromConfig(config),
                new SimpleMeterRegistry())) {
            discovery = new LlmCommunityDiscovery(gateway, discoverMaxProfiles, LlmCommunityDiscovery.DEFAULT_MAX_PROMPT_CHARS,
                    PromptTemplate.latest(config.getString(ChorusConfig.GENERATION_PROMPTS_DIR), LlmCommunityDiscovery.TEMPLATE))
                    .discover(profiles).get();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof CallFailedException failed) {
                err.printf("Error: community discovery by the model (%s at %s) failed: %s after %d attempt(s): %s%n",
                        config.getString(ChorusConfig.LLM_MODEL), config.getString(ChorusConfig.LLM_BASE_URL), failed.reason(),
                        failed.attempts(), failed.getMessage());
                err.println("Nothing was written. Check the llm.* settings and the API key, or use --method local.");
                err.flush();
                return null;
            }
            throw new IllegalStateException("community discovery failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        }
        String comment = "Communities discovered by " + discovery.answer().model() + " from the first " + discovery.profilesSent()
                + " profiles of " + in + " (chorus communities --method llm, " + Instant.now() + "). Edit freely: this is an"
                + " operator seeds file (see " + OperatorCommunities.DEFAULT_FILE + "); fixed=true keeps each name as the label.";
        err.printf("The model named %d communities from %d profile(s) (%d attempt(s), %d+%d tokens)%n", discovery.communities().size(),
                discovery.profilesSent(), discovery.answer().attempts(), discovery.answer().tokensIn(), discovery.answer().tokensOut());
        if (discoverOut != null) {
            LlmCommunityDiscovery.writeSeeds(discoverOut, discovery.communities(), comment);
            err.printf("Wrote them to %s (use it with --set %s=%s)%n", discoverOut, ChorusConfig.COMMUNITIES_SEEDS_FILE, discoverOut);
        } else {
            err.println("Discovered communities (pass --discover-out FILE to keep them as a seeds file):");
            err.print(LlmCommunityDiscovery.toSeedsJson(discovery.communities(), comment));
        }
        err.flush();
        return discovery.communities();
    }

    /** The first {@code max} valid profiles of the input; invalid lines are skipped here and reported by the assignment pass. */
    private List<Profile> firstProfiles(int max) throws IOException {
        JsonSerde<Profile> serde = BatchCommunities.profileSerde();
        List<Profile> profiles = new ArrayList<>();
        try (BufferedReader reader = CliFiles.open(in)) {
            String line;
            while (profiles.size() < max && (line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    profiles.add(serde.fromBytes(line.getBytes(StandardCharsets.UTF_8)));
                } catch (InvalidRecordException e) {
                    // counted and reported, with its line number, when every line is assigned
                }
            }
        }
        return profiles;
    }

    private CommunityModel.Settings settings(boolean llm) {
        double newCommunity = threshold != null ? threshold : llm ? -1.0 : CommunityModel.DEFAULT_NEW_COMMUNITY_THRESHOLD;
        try {
            return CommunityModel.Settings.defaults().withNewCommunityThreshold(newCommunity).withMergeThreshold(mergeThreshold);
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
