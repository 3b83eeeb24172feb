package io.chorus.topics;

import io.chorus.config.TopicId;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.serde.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Loads the topic specs: from a directory when one is configured ({@code topics.dir}), otherwise from the copy of
 * {@code topics/} bundled in the jar. Every {@link TopicId} must have a spec; a missing or malformed one is an
 * error naming the file.
 */
public final class TopicSpecs {

    private final Map<TopicId, TopicSpec> specs;

    private TopicSpecs(Map<TopicId, TopicSpec> specs) {
        this.specs = Collections.unmodifiableMap(specs);
    }

    public static TopicSpecs load(String dir) {
        ObjectMapper mapper = Json.mapper();
        Map<TopicId, TopicSpec> specs = new EnumMap<>(TopicId.class);
        for (TopicId id : TopicId.values()) {
            String file = id.defaultName() + ".json";
            try (InputStream in = open(dir, file)) {
                TopicSpec spec = mapper.readValue(in, TopicSpec.class);
                if (!id.id().equals(spec.id())) {
                    throw new IllegalStateException("topic spec " + file + " has id '" + spec.id() + "', expected '" + id.id() + "'");
                }
                specs.put(id, spec);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read topic spec " + file + (dir == null || dir.isBlank() ? " (bundled)" : " in " + dir)
                        + ": " + e.getMessage(), e);
            }
        }
        return new TopicSpecs(specs);
    }

    private static InputStream open(String dir, String file) throws IOException {
        if (dir != null && !dir.isBlank()) {
            return Files.newInputStream(Path.of(dir, file));
        }
        InputStream in = TopicSpecs.class.getResourceAsStream("/topics/" + file);
        if (in == null) {
            throw new IOException("not on the classpath: /topics/" + file);
        }
        return in;
    }

    public TopicSpec get(TopicId id) {
        return specs.get(id);
    }

    public Map<TopicId, TopicSpec> all() {
        return specs;
    }
}
