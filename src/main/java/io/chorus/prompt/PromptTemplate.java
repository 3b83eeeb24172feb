package io.chorus.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chorus.serde.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A versioned prompt template ({@code <type>-v<N>.txt}, in {@code config/prompts/} and bundled in the jar), used by
 * every model prompt: sentiment, emotions, behavior, community discovery and generation of each content type.
 *
 * <p><b>Format.</b> A {@code ## system} section and a {@code ## user} section. Both hold instructions and trusted
 * operator values only, through {@code {{name}}} placeholders. The user section ends with the line {@code {{data}}}
 * and nothing else may use it: that is where {@link #render} puts the untrusted data.
 *
 * <p><b>Untrusted data</b> (post texts, bios, names, alt texts, anything a user of the social network wrote or a
 * model derived from it) never goes through a placeholder. It is written as <em>one line</em> of JSON, the last line
 * of the user message ({@link #dataLine}). Data cannot close that block: JSON escapes quotes, backslashes and every
 * line break, so a string cannot end early and nothing in the data can start a new line; {@code <}, {@code >} and
 * {@code &}, C1 controls (such as NEL), line and paragraph separators, zero-width and bidi controls are escaped as well ({@code \u003c} and so
 * on), so no tag, look-alike or invisible character from the data appears literally. Hence the instruction part
 * (the system message and every line of the user message before the last) is byte-identical whatever the data holds.
 *
 * <p>The version (the file name without {@code .txt}) is part of every request id and cache key, so a changed
 * prompt is a new request and never reuses an old answer: change a template by adding {@code <type>-v<N+1>.txt}.
 */
public record PromptTemplate(String version, String system, String user) {

    /** The placeholder that marks where the data line goes: the whole last line of the user section. */
    public static final String DATA = "data";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");
    private static final String DATA_PLACEHOLDER = "{{" + DATA + "}}";
    private static final int MAX_BUNDLED_VERSION = 99;

    /** A rendered prompt: the system message and the user message, whose last line is the data. */
    public record Rendered(String system, String user) {
        /** The user message without its data line: instructions only. */
        public String userInstructions() {
            return user.substring(0, user.lastIndexOf('\n'));
        }

        /** The data line (one line of JSON). */
        public String dataLine() {
            return user.substring(user.lastIndexOf('\n') + 1);
        }
    }

    public PromptTemplate {
        if (system.contains(DATA_PLACEHOLDER)) {
            throw new IllegalStateException("prompt template " + version + ": {{data}} may appear only as the last line of '## user'");
        }
        int at = user.indexOf(DATA_PLACEHOLDER);
        if (at < 0 || at != user.lastIndexOf(DATA_PLACEHOLDER) || !user.endsWith("\n" + DATA_PLACEHOLDER)) {
            throw new IllegalStateException("prompt template " + version
                    + ": '## user' must end with a line holding only {{data}} (and use it nowhere else); untrusted data goes there");
        }
    }

    /**
     * The latest version of {@code type}'s template: from {@code dir} when it holds one, else the latest bundled in
     * the jar (so a directory of custom templates need not copy every type).
     */
    public static PromptTemplate latest(String dir, String type) {
        Path directory = dir == null || dir.isBlank() ? null : Path.of(dir);
        if (directory != null && Files.isDirectory(directory)) {
            Optional<Path> best;
            try (Stream<Path> files = Files.list(directory)) {
                best = files.filter(p -> p.getFileName().toString().matches(Pattern.quote(type) + "-v\\d+\\.txt"))
                        .max(Comparator.comparingInt(p -> versionNumber(p.getFileName().toString())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list prompt templates in " + directory + " (generation.prompts.dir)", e);
            }
            if (best.isPresent()) {
                Path file = best.get();
                try {
                    return parse(file.getFileName().toString().replace(".txt", ""), Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read prompt template " + file + " (generation.prompts.dir)", e);
                }
            }
        }
        return bundled(type);
    }

    /** The latest version of {@code type}'s template bundled in the jar. */
    public static PromptTemplate bundled(String type) {
        for (int n = MAX_BUNDLED_VERSION; n >= 1; n--) {
            String name = type + "-v" + n;
            try (InputStream in = PromptTemplate.class.getResourceAsStream("/prompts/" + name + ".txt")) {
                if (in != null) {
                    return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundled prompt template " + name, e);
            }
        }
        throw new IllegalStateException("no bundled prompt template " + type + "-v<N>.txt");
    }

    private static int versionNumber(String fileName) {
        return Integer.parseInt(fileName.replaceAll(".*-v(\\d+)\\.txt", "$1"));
    }

    /** Parses a template's text; {@code version} names it in errors and request ids. */
    public static PromptTemplate parse(String version, String text) {
        String t = text.replace("\r\n", "\n");
        int system = t.indexOf("## system");
        int user = t.indexOf("## user");
        if (system < 0 || user < system) {
            throw new IllegalStateException("prompt template " + version + " needs a '## system' section followed by a '## user' section");
        }
        return new PromptTemplate(version, t.substring(system + "## system".length(), user).strip(),
                t.substring(user + "## user".length()).strip());
    }

    /**
     * Renders the prompt: trusted {@code values} fill the placeholders, {@code data} (untrusted, in the order given)
     * becomes the data line. Null data values are left out.
     *
     * @throws IllegalStateException when the template uses a placeholder {@code values} does not provide, or
     *                               {@code values} tries to provide {@code data}
     */
    public Rendered render(Map<String, String> values, Map<String, ?> data) {
        if (values.containsKey(DATA)) {
            throw new IllegalStateException("prompt template " + version + ": untrusted data must be passed as data, not as the {{data}} value");
        }
        String instructions = fill(version, user.substring(0, user.length() - DATA_PLACEHOLDER.length()), values);
        return new Rendered(fill(version, system, values), instructions + dataLine(data));
    }

    /** Fills placeholders; unknown placeholders are an error naming the template. */
    static String fill(String version, String template, Map<String, String> values) {
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

    /**
     * Untrusted data as one line of JSON that cannot close itself (see the class comment). Values are strings,
     * numbers, lists and maps of them; nulls are left out.
     */
    public static String dataLine(Map<String, ?> data) {
        Map<String, Object> present = new LinkedHashMap<>();
        data.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v);
            }
        });
        String json;
        try {
            json = Json.mapper().writeValueAsString(present); // the shared mapper: warm, so the first prompt is not slow
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("prompt data cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            // Outside strings JSON has none of these characters, so escaping them everywhere keeps the JSON valid.
            if (c == '<' || c == '>' || c == '&' || (c >= '\u007F' && c <= '\u009F') || c == '\u2028' || c == '\u2029' || (c >= '\u200B' && c <= '\u200F')
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2060' && c <= '\u2069') || c == '\uFEFF') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
