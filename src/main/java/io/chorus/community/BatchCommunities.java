package io.chorus.community;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.config.TopicId;
import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.Profile;
import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import io.chorus.serde.Json;
import io.chorus.serde.JsonSerde;
import io.chorus.topics.TopicSchemas;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Batch community assignment of a JSON-lines file of profiles, with the same validation and the same
 * {@link CommunityAssigner} as the stream; used by {@code chorus communities} and by evaluations.
 *
 * <p>Output: one line per input line, in input order: {@code {"line","userId","communityId","communityLabel",
 * "confidence"}}, or {@code {"line","error":{"reason","message"}}} for a line that is not a valid profile.
 * Profiles are assigned one by one in input order, exactly as the stream would, but embedded {@code batchSize}
 * at a time, through the same two steps ({@link LocalCommunityAssigner#prepare} then
 * {@link LocalCommunityAssigner#apply}). When the assigner discovers ({@link LocalCommunityAssigner#discovering}),
 * the first {@code discoveryProfiles} valid profiles form the first batch and are clustered together, as the
 * stream's first batch is. A profile the embedding model fails on gets an error line with the reason
 * ({@code PROCESSING_ERROR}) and is reported to the listener like an invalid line; the others go on. The output is written after the last line, with each community id resolved through later merges
 * ({@link CommunityAssigner#canonicalId}) and the community's final label, so that every line names the
 * community as it ended up (what an evaluation compares); the confidence is the one from assignment time. This
 * keeps one small result per input line in memory (about 100 bytes), fine for evaluation files of a few
 * million lines.
 */
public final class BatchCommunities {

    /** Embedding 64 texts per call is about as fast per text as larger batches and keeps memory small. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** Receives each invalid line (1-based number and why), e.g. to print it on stderr. */
    @FunctionalInterface
    public interface InvalidLineListener {
        void invalid(long lineNumber, InvalidRecordException error);
    }

    /** Line counts and the communities after the last line. */
    public record Result(long lines, long assigned, long invalid, List<Community> communities) {
        public Result {
            communities = List.copyOf(communities);
        }
    }

    private record Pending(long lineNumber, Profile profile, InvalidRecordException error) {
    }

    private record Output(long lineNumber, String userId, String communityId, double confidence,
                          InvalidRecordException error) {
    }

    private final LocalCommunityAssigner assigner;
    private final int batchSize;
    private final int discoveryProfiles;
    /** Lines are checked against the social.profiles schema with the default limits, as the stream checks records by default. */
    private final JsonSerde<Profile> serde = profileSerde();

    public BatchCommunities(LocalCommunityAssigner assigner, int batchSize) {
        this(assigner, batchSize, 0);
    }

    /** {@code discoveryProfiles}: size of the first batch while the assigner needs discovery (0: same as batchSize). */
    public BatchCommunities(LocalCommunityAssigner assigner, int batchSize, int discoveryProfiles) {
        this.assigner = Objects.requireNonNull(assigner, "assigner");
        if (batchSize < 1 || discoveryProfiles < 0) {
            throw new IllegalArgumentException("batchSize must be positive and discoveryProfiles not negative, got " + batchSize
                    + " and " + discoveryProfiles);
        }
        this.batchSize = batchSize;
        this.discoveryProfiles = discoveryProfiles;
    }

    /** The profile serde of input files: the social.profiles schema with the default limits, as the stream reads by default. */
    public static JsonSerde<Profile> profileSerde() {
        return JsonSerde.of(Profile.class).withSchema(TopicSchemas.defaults().check(TopicId.PROFILES));
    }

    /** Reads every line of {@code in}, then writes one line per input line to {@code out} (flushed, not closed). */
    public Result run(BufferedReader in, Writer out, InvalidLineListener onInvalid) throws IOException {
        List<Output> outputs = new ArrayList<>();
        List<Pending> batch = new ArrayList<>(batchSize);
        long lineNumber = 0;
        int valid = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            Pending pending = parse(lineNumber, line);
            if (pending.error() != null) {
                onInvalid.invalid(lineNumber, pending.error());
            } else {
                valid++;
            }
            batch.add(pending);
            int due = assigner.needsDiscovery() ? Math.max(batchSize, discoveryProfiles) : batchSize;
            if (valid >= due) {
                assign(batch, outputs, onInvalid);
                valid = 0;
            }
        }
        assign(batch, outputs, onInvalid);
        List<Community> communities = new ArrayList<>(assigner.communities());
        write(outputs, communities, out);
        long failed = outputs.stream().filter(o -> o.error() != null).count();
        return new Result(lineNumber, lineNumber - failed, failed, communities);
    }

    private Pending parse(long lineNumber, String line) {
        try {
            if (line.isBlank()) {
                throw new InvalidRecordException(ErrorReason.MALFORMED_JSON, "empty line");
            }
            return new Pending(lineNumber, serde.fromBytes(line.getBytes(StandardCharsets.UTF_8)), null);
        } catch (InvalidRecordException e) {
            return new Pending(lineNumber, null, e);
        }
    }

    private void assign(List<Pending> batch, List<Output> outputs, InvalidLineListener onFailed) {
        List<Profile> profiles = batch.stream().filter(p -> p.profile() != null).map(Pending::profile).toList();
        List<LocalCommunityAssigner.Outcome> outcomes = profiles.isEmpty() ? List.of()
                : assigner.apply(assigner.prepare(profiles, assigner.needsDiscovery()));
        int next = 0;
        for (Pending pending : batch) {
            if (pending.profile() != null) {
                LocalCommunityAssigner.Outcome o = outcomes.get(next++);
                if (o.ok()) {
                    CommunityAssignment a = o.assignment();
                    outputs.add(new Output(pending.lineNumber(), a.userId(), a.communityId(), a.confidence(), null));
                } else {
                    InvalidRecordException error = new InvalidRecordException(ErrorReason.PROCESSING_ERROR, o.failure());
                    onFailed.invalid(pending.lineNumber(), error);
                    outputs.add(new Output(pending.lineNumber(), null, null, 0, error));
                }
            } else {
                outputs.add(new Output(pending.lineNumber(), null, null, 0, pending.error()));
            }
        }
        batch.clear();
    }

    private void write(List<Output> outputs, List<Community> communities, Writer out) throws IOException {
        Map<String, String> labels = new HashMap<>();
        communities.forEach(c -> labels.put(c.id(), c.label()));
        for (Output o : outputs) {
            ObjectNode node = Json.mapper().createObjectNode().put("line", o.lineNumber());
            if (o.error() == null) {
                String id = assigner.canonicalId(o.communityId());
                node.put("userId", o.userId()).put("communityId", id).put("communityLabel", labels.getOrDefault(id, id))
                        .put("confidence", Math.round(o.confidence() * 1000) / 1000.0);
            } else {
                node.putObject("error").put("reason", o.error().reason().name()).put("message", o.error().getMessage());
            }
            out.write(Json.mapper().writeValueAsString(node));
            out.write('\n');
        }
        out.flush();
    }
}
