package io.chorus.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layers of docs/ARCHITECTURE.md, read from the imports of {@code src/main/java}: a package imports only
 * from its own layer or below, and no two packages import each other (directly or around a loop).
 */
class LayeringTest {

    /** Lowest first; keep in step with ARCHITECTURE.md's "Packages". A new package must be placed here. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("config", "serde", "model", "deadletter", "topics", "prompt"),
            Set.of("llm", "async"),
            Set.of("stage"),
            Set.of("sentiment", "community", "aggregate", "listening", "behavior", "generation", "media"),
            Set.of("topology"),
            Set.of("http", "replay", "reconcile", "imports", "bench", "soak", "kafka", "app", "cli"));

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.chorus\\.([a-z]+)\\.", Pattern.MULTILINE);
    private static final Map<String, Set<String>> IMPORTS = new TreeMap<>();

    @BeforeAll
    static void readImports() throws IOException {
        Path root = Path.of("src/main/java/io/chorus");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file).getName(0).toString();
                Matcher m = IMPORT.matcher(Files.readString(file));
                Set<String> to = IMPORTS.computeIfAbsent(pkg, k -> new TreeSet<>());
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        to.add(m.group(1));
                    }
                }
            }
        }
    }

    private static int layerOf(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void everyPackageHasALayer() {
        assertThat(IMPORTS.keySet().stream().filter(p -> layerOf(p) < 0).toList()).as("packages missing from LAYERS").isEmpty();
    }

    @Test
    void noPackageImportsFromALayerAboveIt() {
        List<String> up = new ArrayList<>();
        IMPORTS.forEach((from, tos) -> tos.stream().filter(to -> layerOf(to) > layerOf(from)).forEach(to -> up.add(from + " -> " + to)));
        assertThat(up).as("imports that run up a layer").isEmpty();
    }

    @Test
    void packagesImportEachOtherInNoLoop() {
        List<String> loops = new ArrayList<>();
        for (String start : IMPORTS.keySet()) {
            // every package reachable from start; a loop when start is among them
            Set<String> seen = new HashSet<>();
            List<String> todo = new ArrayList<>(IMPORTS.getOrDefault(start, Set.of()));
            while (!todo.isEmpty()) {
                String p = todo.remove(todo.size() - 1);
                if (seen.add(p)) {
                    todo.addAll(IMPORTS.getOrDefault(p, Set.of()));
                }
            }
            if (seen.contains(start)) {
                loops.add(start);
            }
        }
        assertThat(loops).as("packages on an import loop").isEmpty();
    }
}
