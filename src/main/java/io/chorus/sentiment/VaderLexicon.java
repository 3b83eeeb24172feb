package io.chorus.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The VADER lexicon (token to mean valence, -4..+4) and the emoji descriptions, loaded once from the classpath
 * ({@code /lexicon/}, MIT licence, see {@code NOTICE.md} there). Immutable and shared.
 */
public final class VaderLexicon {

    private static final VaderLexicon DEFAULT = load();

    private final Map<String, Double> valences;
    private final Map<Integer, String> emojiDescriptions;

    private VaderLexicon(Map<String, Double> valences, Map<Integer, String> emojiDescriptions) {
        this.valences = Map.copyOf(valences);
        this.emojiDescriptions = Map.copyOf(emojiDescriptions);
    }

    public static VaderLexicon standard() {
        return DEFAULT;
    }

    private static VaderLexicon load() {
        Map<String, Double> valences = new HashMap<>();
        read("/lexicon/vader_lexicon.txt", cols -> {
            if (cols.length >= 2) {
                valences.put(cols[0], Double.parseDouble(cols[1]));
            }
        });
        Map<Integer, String> emoji = new HashMap<>();
        read("/lexicon/emoji_utf8_lexicon.txt", cols -> {
            // Only single-code-point emoji can be matched character by character, as VADER itself does.
            if (cols.length >= 2 && cols[0].codePointCount(0, cols[0].length()) == 1) {
                emoji.put(cols[0].codePointAt(0), cols[1]);
            }
        });
        return new VaderLexicon(valences, emoji);
    }

    private static void read(String resource, java.util.function.Consumer<String[]> line) {
        InputStream in = VaderLexicon.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("lexicon resource " + resource + " is missing from the classpath");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                if (!l.isBlank()) {
                    line.accept(l.split("\t"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The valence of a lower-case token, or null when it is not in the lexicon. */
    public Double valence(String lowerCaseToken) {
        return valences.get(lowerCaseToken);
    }

    public boolean contains(String lowerCaseToken) {
        return valences.containsKey(lowerCaseToken);
    }

    /** The text description of a single-code-point emoji, or null. */
    public String emojiDescription(int codePoint) {
        return emojiDescriptions.get(codePoint);
    }

    public int size() {
        return valences.size();
    }
}
