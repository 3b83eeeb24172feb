package io.chorus.sentiment;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fast scorer's features: hashed word 1–2-grams (with negation marking), hashed character 2–5-grams, and a few
 * dense VADER lexicon features, as one sparse vector. Hashing ("the hashing trick") keeps the model a fixed size
 * without a vocabulary file and makes extraction allocation-light: n-grams are hashed from the characters, never
 * built as strings.
 *
 * <p>Text is normalised first as tweets need: lower case, links to one token, user mentions to one token, letters
 * repeated more than three times cut to three ("soooooo" and "sooo" agree). Each block (words, characters) is
 * scaled to unit length so long posts do not score more extremely than short ones.
 *
 * <p>Stateless and thread-safe.
 */
public final class TextFeatures {

    /** Dense lexicon features after the hashed ones. */
    static final int LEXICON_FEATURES = 9;

    private static final Pattern URL = Pattern.compile("(?:https?://|www\\.)\\S+");
    private static final Pattern MENTION = Pattern.compile("@\\w+");
    private static final Pattern REPEAT = Pattern.compile("(\\p{L})\\1{3,}");
    private static final int WORD_SEED = 0x9747b28c;
    private static final int BIGRAM_SEED = 0x2545f491;
    private static final int NEG_SEED = 0x61c88647;
    private static final int CHAR_SEED = 0x85ebca6b;

    private final int bits;
    private final int mask;
    private final VaderSentimentScorer vader;

    /** Features hashed into {@code 2^bits} slots plus {@link #LEXICON_FEATURES} lexicon features. */
    public TextFeatures(int bits, VaderSentimentScorer vader) {
        if (bits < 8 || bits > 24) {
            throw new IllegalArgumentException("hash bits must be within 8..24, got " + bits);
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
        this.vader = vader;
    }

    public int bits() {
        return bits;
    }

    /** Number of feature slots: the hashed ones plus the lexicon ones. */
    public int dimensions() {
        return (1 << bits) + LEXICON_FEATURES;
    }

    /** A sparse vector; indices may repeat (their values add). */
    public record Sparse(int[] index, float[] value) {
        public int size() {
            return index.length;
        }
    }

    static String normalise(String text) {
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        t = URL.matcher(t).replaceAll(" httpurl ");
        t = MENTION.matcher(t).replaceAll(" @user ");
        Matcher m = REPEAT.matcher(t);
        if (m.find()) {
            t = m.replaceAll("$1$1$1");
        }
        return t;
    }

    public Sparse extract(String text) {
        String norm = normalise(text);
        IntFloatBuffer out = new IntFloatBuffer(4 * norm.length() + 64);
        int wordStart = out.size;
        words(norm, out);
        scale(out, wordStart);
        int charStart = out.size;
        chars(norm, out);
        scale(out, charStart);
        lexicon(text, out);
        return new Sparse(Arrays.copyOf(out.index, out.size), Arrays.copyOf(out.value, out.size));
    }

    /** Tokens: runs of letters/digits/'/#/_ or runs of other non-space symbols (punctuation, emoji, emoticons). */
    private void words(String s, IntFloatBuffer out) {
        int n = s.length();
        int i = 0;
        int prev = 0;
        boolean havePrev = false;
        boolean negated = false;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            boolean word = isWordChar(c);
            while (i < n && !Character.isWhitespace(s.charAt(i)) && isWordChar(s.charAt(i)) == word) {
                i++;
            }
            int h = hash(s, start, i, WORD_SEED);
            out.add(h & mask, 1f);
            if (havePrev) {
                out.add(mix(prev * 31 + h + BIGRAM_SEED) & mask, 1f);
            }
            if (negated && word) {
                out.add(mix(h ^ NEG_SEED) & mask, 1f);
            }
            if (word && isNegation(s, start, i)) {
                negated = true;
            } else if (!word && endsClause(s, start, i)) {
                negated = false;
            }
            prev = h;
            havePrev = true;
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '\'' || c == '#' || c == '_' || c == '@' || c == '’';
    }

    private static boolean isNegation(String s, int start, int end) {
        int len = end - start;
        if (len >= 3 && (s.startsWith("n't", end - 3) || s.startsWith("n’t", end - 3))) {
            return true;
        }
        switch (s.substring(start, end)) {
            case "not": case "no": case "never": case "cannot": case "cant": case "dont": case "wont": case "didnt":
            case "isnt": case "doesnt": case "nothing": case "nobody": case "none": case "nor": case "without":
                return true;
            default:
                return false;
        }
    }

    private static boolean endsClause(String s, int start, int end) {
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (c == '.' || c == ',' || c == '!' || c == '?' || c == ';' || c == ':') {
                return true;
            }
        }
        return false;
    }

    /** Character 2–5-grams over the text padded with a space each side, hashed incrementally (no substrings). */
    private void chars(String s, IntFloatBuffer out) {
        int n = s.length() + 2;
        for (int i = 0; i < n - 1; i++) {
            int h = CHAR_SEED;
            for (int len = 1; len <= 5 && i + len <= n; len++) {
                char c = charAt(s, i + len - 1);
                h = (h ^ c) * 0x01000193;
                if (len >= 2) {
                    out.add(mix(h + len) & mask, 1f);
                }
            }
        }
    }

    private static char charAt(String s, int paddedIndex) {
        return paddedIndex == 0 || paddedIndex > s.length() ? ' ' : s.charAt(paddedIndex - 1);
    }

    /** VADER's compound and its sign/strength buckets, after the hashed slots. */
    private void lexicon(String raw, IntFloatBuffer out) {
        double c = vader.compound(raw);
        int base = 1 << bits;
        out.add(base, (float) c);
        out.add(base + 1, (float) Math.max(0, c));
        out.add(base + 2, (float) Math.max(0, -c));
        int bucket = c <= -0.5 ? 3 : c <= -0.05 ? 4 : c < 0.05 ? 5 : c < 0.5 ? 6 : 7;
        out.add(base + bucket, 1f);
        out.add(base + 8, 1f); // a constant: lets the lexicon block carry its own offset
    }

    /** Scales the entries from {@code from} to unit length (counting repeated indices as separate entries). */
    private static void scale(IntFloatBuffer out, int from) {
        int count = out.size - from;
        if (count == 0) {
            return;
        }
        float f = (float) (1 / Math.sqrt(count));
        for (int k = from; k < out.size; k++) {
            out.value[k] *= f;
        }
    }

    private static int hash(String s, int start, int end, int seed) {
        int h = seed;
        for (int k = start; k < end; k++) {
            h = (h ^ s.charAt(k)) * 0x01000193;
        }
        return mix(h);
    }

    /** Murmur3's finaliser: spreads the bits so that masking keeps the low ones well mixed. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static final class IntFloatBuffer {
        int[] index;
        float[] value;
        int size;

        IntFloatBuffer(int capacity) {
            index = new int[capacity];
            value = new float[capacity];
        }

        void add(int i, float v) {
            if (size == index.length) {
                index = Arrays.copyOf(index, size * 2);
                value = Arrays.copyOf(value, size * 2);
            }
            index[size] = i;
            value[size] = v;
            size++;
        }
    }
}
