package io.chorus.generation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A versioned prompt template ({@code <type>-v<N>.txt}) with a {@code ## system} part (instructions, trusted
 * operator input only) and a {@code ## user} part (untrusted data, delimited by tags). {@code {{name}}}
 * placeholders are filled by {@link #render}. The version (the file name) is part of every request id, so a
 * changed prompt is a new request and never reuses an old answer.
 */
public record PromptTemplate(String version, String system, String user) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    /** The latest version of {@code type}'s template from {@code dir}, or from the jar when {@code dir} does not exist. */
    public static PromptTemplate latest(String dir, String type) {
        Path directory = dir == null || dir.isBlank() ? null : Path.of(dir);
        if (directory != null && Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                Path best = files.filter(p -> p.getFileName().toString().matches(Pattern.quote(type) + "-v\\d+\\.txt"))
                        .max((a, b) -> Integer.compare(versionNumber(a.getFileName().toString()), versionNumber(b.getFileName().toString())))
                        .orElseThrow(() -> new IllegalStateException("no prompt template " + type + "-v<N>.txt in " + directory
                                + " (generation.prompts.dir)"));
                return parse(best.getFileName().toString().replace(".txt", ""), Files.readString(best, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read prompt templates in " + directory, e);
            }
        }
        String name = type + "-v1";
        try (InputStream in = PromptTemplate.class.getResourceAsStream("/prompts/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("no bundled prompt template " + name);
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int versionNumber(String fileName) {
        return Integer.parseInt(fileName.replaceAll(".*-v(\\d+)\\.txt", "$1"));
    }

    static PromptTemplate parse(String version, String text) {
        int system = text.indexOf("## system");
        int user = text.indexOf("## user");
        if (system < 0 || user < system) {
            throw new IllegalStateException("prompt template " + version + " needs a '## system' section followed by a '## user' section");
        }
        return new PromptTemplate(version, text.substring(system + "## system".length(), user).strip(),
                text.substring(user + "## user".length()).strip());
    }

    /** Fills placeholders; unknown placeholders are an error naming the template. */
    public static String fill(String version, String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("prompt template " + version + " uses {{" + m.group(1) + "}}, which is not provided");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public String renderSystem(Map<String, String> values) {
        return fill(version, system, values);
    }

    public String renderUser(Map<String, String> values) {
        return fill(version, user, values);
    }
}
