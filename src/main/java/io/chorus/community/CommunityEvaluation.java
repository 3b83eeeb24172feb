package io.chorus.community;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.serde.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores community assignment against true groups: the labelled profiles go through {@link BatchCommunities},
 * the very code {@code chorus communities} and (through the same assigner steps) the stream run, and the result is
 * compared with the labels (NMI, ARI, number and sizes of communities, and what each community holds).
 */
public final class CommunityEvaluation {

    /** One community: its id, label, size and its members' true groups (most frequent first). */
    public record Row(String communityId, String label, int size, Map<String, Integer> truth) {
    }

    /**
     * @param profiles    profiles scored (assigned or failed)
     * @param assigned    profiles that got a community (only these are scored)
     * @param ambiguous   users left out of the set for having two labels
     */
    public record Report(int profiles, int assigned, int ambiguous, int trueGroups, double nmi, double ari, List<Row> communities) {
        public List<Integer> sizes() {
            return communities.stream().map(Row::size).toList();
        }
    }

    private CommunityEvaluation() {
    }

    /** Assigns the set with {@code batch} and scores it. */
    public static Report run(LabelledProfiles.Set set, BatchCommunities batch) throws IOException {
        StringBuilder in = new StringBuilder();
        for (LabelledProfiles.Entry e : set.entries()) {
            in.append(Json.mapper().writeValueAsString(e.profile())).append('\n');
        }
        StringWriter out = new StringWriter();
        batch.run(new BufferedReader(new StringReader(in.toString())), out, (line, error) -> { });
        Map<Long, String[]> byLine = new HashMap<>();
        for (String line : out.toString().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = Json.mapper().readTree(line);
            if (node.has("communityId")) {
                byLine.put(node.get("line").asLong(), new String[] {node.get("communityId").asText(), node.get("communityLabel").asText()});
            }
        }
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < set.entries().size(); i++) {
            String[] got = byLine.get((long) i + 1);
            if (got != null) {
                truth.add(set.entries().get(i).label());
                predicted.add(got[0]);
                labels.put(got[0], got[1]);
            }
        }
        return score(set, truth, predicted, labels);
    }

    /** Scores given assignments ({@code predicted[i]} for {@code truth[i]}); {@code labels} names communities. */
    public static Report score(LabelledProfiles.Set set, List<String> truth, List<String> predicted, Map<String, String> labels) {
        Map<String, Map<String, Integer>> contents = new TreeMap<>();
        for (int i = 0; i < truth.size(); i++) {
            contents.computeIfAbsent(predicted.get(i), k -> new HashMap<>()).merge(truth.get(i), 1, Integer::sum);
        }
        List<Row> rows = new ArrayList<>();
        contents.forEach((id, groups) -> {
            Map<String, Integer> sorted = new LinkedHashMap<>();
            groups.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            rows.add(new Row(id, labels.getOrDefault(id, id), groups.values().stream().mapToInt(Integer::intValue).sum(), sorted));
        });
        rows.sort(Comparator.comparingInt(Row::size).reversed().thenComparing(Row::communityId));
        boolean any = !truth.isEmpty();
        return new Report(set.entries().size(), truth.size(), set.ambiguous(), (int) set.labels().stream().distinct().count(),
                any ? Agreement.nmi(truth, predicted) : 0, any ? Agreement.ari(truth, predicted) : 0, rows);
    }
}
