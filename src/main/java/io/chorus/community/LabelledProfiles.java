package io.chorus.community;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.model.Profile;
import io.chorus.serde.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A labelled evaluation set of profiles: each profile with the group it truly belongs to. Read from JSON lines
 * (a profile object with a {@code label} field) or from following-list CSV exports ({@link FollowingCsv}, the
 * label being the followed account). A user listed with two different labels (followed by two of the accounts)
 * has no single true group and is left out, counted in {@link Set#ambiguous()}; a user listed twice with the same
 * label counts once.
 */
public final class LabelledProfiles {

    /** One profile and its true group. */
    public record Entry(Profile profile, String label) {
    }

    /** The entries in first-seen order, and how many users were left out for having two labels. */
    public record Set(List<Entry> entries, int ambiguous) {
        public List<Profile> profiles() {
            return entries.stream().map(Entry::profile).toList();
        }

        public List<String> labels() {
            return entries.stream().map(Entry::label).toList();
        }
    }

    private LabelledProfiles() {
    }

    /** Reads every file (.csv: a following-list export; anything else: JSON lines with a label field). */
    public static Set read(List<Path> files) throws IOException {
        Map<String, Entry> byUser = new LinkedHashMap<>();
        java.util.Set<String> ambiguous = new java.util.HashSet<>();
        for (Path file : files) {
            for (Entry e : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? fromCsv(file) : fromJsonLines(file)) {
                String id = e.profile().userId();
                Entry seen = byUser.get(id);
                if (seen == null && !ambiguous.contains(id)) {
                    byUser.put(id, e);
                } else if (seen != null && !seen.label().equals(e.label())) {
                    byUser.remove(id);
                    ambiguous.add(id);
                }
            }
        }
        return new Set(List.copyOf(byUser.values()), ambiguous.size());
    }

    private static List<Entry> fromCsv(Path file) throws IOException {
        String account = FollowingCsv.accountOf(file);
        List<Entry> out = new ArrayList<>();
        for (FollowingCsv.Row row : FollowingCsv.read(file)) {
            if (row.profile().userId() == null) {
                throw new IOException(file + " record " + row.record() + ": no userId");
            }
            out.add(new Entry(row.profile(), account));
        }
        return out;
    }

    private static List<Entry> fromJsonLines(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Json.mapper().readTree(line);
                } catch (IOException e) {
                    throw new IOException(file + " line " + number + ": not JSON (" + e.getMessage() + ")");
                }
                JsonNode label = node.get("label");
                JsonNode userId = node.get("userId");
                if (label == null || !label.isTextual() || userId == null || !userId.isTextual()) {
                    throw new IOException(file + " line " + number + ": needs text fields \"userId\" and \"label\"");
                }
                out.add(new Entry(new Profile(Profile.SCHEMA_VERSION, userId.asText(), text(node, "name"), text(node, "handle"),
                        text(node, "bio"), text(node, "location"), text(node, "imageUrl")), label.asText()));
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The set as JSON lines (profile fields plus label), e.g. to run another tool on the same profiles. */
    public static String toJsonLines(Set set) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Entry e : set.entries()) {
            ObjectNode node = (ObjectNode) Json.mapper().valueToTree(e.profile());
            node.put("label", e.label());
            out.append(Json.mapper().writeValueAsString(node)).append('\n');
        }
        return out.toString();
    }
}
