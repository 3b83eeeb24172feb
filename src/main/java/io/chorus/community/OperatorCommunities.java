package io.chorus.community;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * Operator-defined communities, read from a JSON file (by default {@value #DEFAULT_FILE}):
 *
 * <pre>{@code
 * {"_comment": "...",
 *  "communities": [
 *    {"name": "book lovers", "description": "...", "exampleBios": ["...", "..."], "fixed": false}]}
 * }</pre>
 *
 * Each entry becomes a {@link CommunityModel.Seed} whose centroid is the mean embedding of its description and
 * example bios; seeds get the first ids, in file order, and discovery only adds communities after them. With
 * {@code "fixed": true} the community keeps its name as label and its centroid as written; otherwise the name is
 * the label only until profiles join, and the centroid learns from them.
 *
 * <p>A missing file means no seeds. A file that exists but is wrong fails with a {@link ConfigException} naming
 * the file, the entry and the problem: a typo in a key ({@code "exampleBio"}) is an error, not silently ignored.
 * {@code "_comment"} keys are allowed anywhere.
 */
public final class OperatorCommunities {

    public static final String DEFAULT_FILE = "config/communities.json";

    private static final Set<String> TOP_KEYS = Set.of("_comment", "communities");
    private static final Set<String> ENTRY_KEYS = Set.of("_comment", "name", "description", "exampleBios", "fixed");

    /** One entry of the file, validated: a non-blank unique name and at least one non-blank text. */
    public record Definition(String name, String description, List<String> exampleBios, boolean fixed) {
        public Definition {
            exampleBios = List.copyOf(exampleBios);
        }

        /** The texts whose embeddings make the seed's centroid: the description, then the example bios. */
        public List<String> texts() {
            List<String> texts = new ArrayList<>();
            if (description != null && !description.isBlank()) {
                texts.add(description);
            }
            texts.addAll(exampleBios);
            return texts;
        }
    }

    private OperatorCommunities() {
    }

    /** The definitions in file order; empty when the file does not exist. */
    public static List<Definition> load(Path file) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw invalid(file, "not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid(file, "cannot be read: " + e);
        }
        if (root == null || !root.isObject()) {
            throw invalid(file, "expected a JSON object {\"communities\": [...]}");
        }
        checkKeys(file, root, TOP_KEYS, "the top level");
        JsonNode list = root.get("communities");
        if (list == null || !list.isArray()) {
            throw invalid(file, "\"communities\" must be a list of {name, description, exampleBios, fixed}");
        }
        List<Definition> definitions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Definition definition = parseEntry(file, list.get(i), i + 1);
            if (!names.add(definition.name())) {
                throw invalid(file, "community " + (i + 1) + ": the name \"" + definition.name() + "\" is used twice");
            }
            definitions.add(definition);
        }
        return definitions;
    }

    /** Embeds each definition's texts (all in one call) into a seed. */
    public static List<CommunityModel.Seed> toSeeds(List<Definition> definitions, ProfileEmbedder embedder) {
        List<String> texts = new ArrayList<>();
        definitions.forEach(d -> texts.addAll(d.texts()));
        if (texts.isEmpty()) {
            return List.of();
        }
        float[][] vectors = embedder.embed(texts);
        List<CommunityModel.Seed> seeds = new ArrayList<>(definitions.size());
        int next = 0;
        for (Definition d : definitions) {
            int count = d.texts().size();
            float[] mean = new float[embedder.dimensions()];
            for (int t = 0; t < count; t++) {
                float[] v = vectors[next + t];
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += v[i] / count;
                }
            }
            next += count;
            seeds.add(new CommunityModel.Seed(d.name(), d.description(), Vectors.normalized(mean), count, d.fixed()));
        }
        return seeds;
    }

    /** {@link #load} then {@link #toSeeds}. */
    public static List<CommunityModel.Seed> loadSeeds(Path file, ProfileEmbedder embedder) {
        return toSeeds(load(file), embedder);
    }

    private static Definition parseEntry(Path file, JsonNode entry, int number) {
        String where = "community " + number;
        if (entry == null || !entry.isObject()) {
            throw invalid(file, where + " must be an object {name, description, exampleBios, fixed}");
        }
        checkKeys(file, entry, ENTRY_KEYS, where);
        String name = text(file, entry, "name", where);
        if (name == null || name.isBlank()) {
            throw invalid(file, where + " needs a non-blank \"name\"");
        }
        where = where + " (\"" + name + "\")";
        String description = text(file, entry, "description", where);
        List<String> bios = new ArrayList<>();
        JsonNode biosNode = entry.get("exampleBios");
        if (biosNode != null && !biosNode.isNull()) {
            if (!biosNode.isArray()) {
                throw invalid(file, where + ": \"exampleBios\" must be a list of strings");
            }
            for (JsonNode bio : biosNode) {
                if (!bio.isTextual()) {
                    throw invalid(file, where + ": \"exampleBios\" must be a list of strings, found " + bio.getNodeType().name().toLowerCase());
                }
                if (!bio.asText().isBlank()) {
                    bios.add(bio.asText());
                }
            }
        }
        JsonNode fixedNode = entry.get("fixed");
        if (fixedNode != null && !fixedNode.isNull() && !fixedNode.isBoolean()) {
            throw invalid(file, where + ": \"fixed\" must be true or false");
        }
        Definition definition = new Definition(name.strip(), description, bios, fixedNode != null && fixedNode.asBoolean());
        if (definition.texts().isEmpty()) {
            throw invalid(file, where + " needs a \"description\" or at least one of \"exampleBios\" to know what it is about");
        }
        return definition;
    }

    private static String text(Path file, JsonNode entry, String key, String where) {
        JsonNode node = entry.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(file, where + ": \"" + key + "\" must be a string");
        }
        return node.asText();
    }

    private static void checkKeys(Path file, JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw invalid(file, where + " has an unknown key \"" + key + "\" (allowed: " + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    private static ConfigException invalid(Path file, String problem) {
        return new ConfigException("operator communities file " + file + ": " + problem);
    }
}
