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
 * The VADER lexicon (lower-case token to mean valence, -4..+4) and the emoji descriptions, read once from the
 * classpath ({@code /lexicon/}, MIT licence, see {@code NOTICE.md} there). Immutable: one instance is shared by every
 * scorer and every thread.
 *
 * <p>Only the first two tab-separated columns of each file are used (token and mean valence; emoji and description),
 * as in the reference implementation; the raters' individual scores are ignored.
 */
public final class VaderLexicon {

    static final String LEXICON_RESOURCE = "/lexicon/vader_lexicon.txt";
    static final String EMOJI_RESOURCE = "/lexicon/emoji_utf8_lexicon.txt";

    private final Map<String, Double> valences;
    private final Map<Integer, String> emojiDescriptions;
    /** No emoji key lies below this code point, so plain (ASCII) text is never looked up. */
    private final int lowestEmojiCodePoint;

    private VaderLexicon(Map<String, Double> valences, Map<Integer, String> emojiDescriptions) {
        this.valences = Map.copyOf(valences);
        this.emojiDescriptions = Map.copyOf(emojiDescriptions);
        this.lowestEmojiCodePoint = emojiDescriptions.keySet().stream().mapToInt(Integer::intValue).min()
                .orElse(Integer.MAX_VALUE);
    }

    /** The lexicon shipped in {@code /lexicon/}, loaded on first use. */
    public static VaderLexicon standard() {
        return Holder.STANDARD;
    }

    /** Lazy holder: the 7,500-entry file is read only when a VADER scorer is actually used. */
    private static final class Holder {
        private static final VaderLexicon STANDARD = load();
    }

    private static VaderLexicon load() {
        Map<String, Double> valences = new HashMap<>();
        read(LEXICON_RESOURCE, (cols, lineNumber) -> {
            try {
                valences.put(cols[0], Double.parseDouble(cols[1]));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(LEXICON_RESOURCE + " line " + lineNumber + ": valence '" + cols[1]
                        + "' of token '" + cols[0] + "' is not a number; restore the file from the VADER repository", e);
            }
        });
        Map<Integer, String> emoji = new HashMap<>();
        read(EMOJI_RESOURCE, (cols, lineNumber) -> {
            // The reference implementation matches emoji one code point at a time, so multi-code-point entries
            // (flags, skin tones, joined sequences) can never match; they are left out here for the same result.
            if (cols[0].codePointCount(0, cols[0].length()) == 1) {
                emoji.put(cols[0].codePointAt(0), cols[1]);
            }
        });
        return new VaderLexicon(valences, emoji);
    }

    @FunctionalInterface
    private interface LineHandler {
        void accept(String[] columns, int lineNumber);
    }

    private static void read(String resource, LineHandler handler) {
        InputStream in = VaderLexicon.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("lexicon resource " + resource
                    + " is missing from the classpath; it belongs in src/main/resources" + resource);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int lineNumber = 0;
            while ((line = r.readLine()) != null) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String[] cols = trimmed.split("\t");
                if (cols.length < 2) {
                    throw new IllegalStateException(resource + " line " + lineNumber
                            + ": expected at least two tab-separated columns, got '" + trimmed + "'");
                }
                handler.accept(cols, lineNumber);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lexicon resource " + resource, e);
        }
    }

    /** The mean valence of a lower-case token, or null when the token is not in the lexicon. */
    public Double valence(String lowerCaseToken) {
        return valences.get(lowerCaseToken);
    }

    /** Whether the lower-case token has a valence of its own. */
    public boolean contains(String lowerCaseToken) {
        return valences.containsKey(lowerCaseToken);
    }

    /** The text description of a single-code-point emoji (e.g. "grinning face"), or null. */
    public String emojiDescription(int codePoint) {
        return codePoint < lowestEmojiCodePoint ? null : emojiDescriptions.get(codePoint);
    }

    /** Number of tokens with a valence. */
    public int size() {
        return valences.size();
    }

    /** Number of single-code-point emoji with a description. */
    public int emojiCount() {
        return emojiDescriptions.size();
    }
}
