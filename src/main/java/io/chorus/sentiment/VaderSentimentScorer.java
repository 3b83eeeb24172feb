package io.chorus.sentiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Offline sentiment for social-media text: the VADER lexicon with the rules of Hutto and Gilbert (ICWSM 2014),
 * implemented for Chorus. Token valences are adjusted for intensifiers and dampeners ("very", "slightly",
 * "kind of"), ALL-CAPS emphasis in mixed-case text, negation within three preceding tokens ("not", "isn't",
 * "never"), a few idioms ("the bomb", "yeah right"), "but" contrast (before x0.5, after x1.5), "least", and
 * exclamation and question marks; emoji are scored by their text descriptions. The sum is normalised to a compound
 * score in [-1, 1] and mapped to 0..100 as {@code 50 + 50 * compound}.
 *
 * <p>The rules, constants and word lists follow the reference implementation (vaderSentiment 3.3.2) so that
 * compound scores agree with published VADER values to four decimals, including two of its quirks that change
 * results: the "so"/"this" boost three tokens out, and lexicon lookups on lower-cased tokens only. One quirk is
 * deliberately not reproduced: the reference "but" rule finds each valence by value, so two tokens with exactly
 * equal valences on either side of "but" can be scaled wrongly; here each token is scaled by its position.
 *
 * <p>Stateless and thread-safe: all tables are built once; a call allocates only its token arrays.
 */
public final class VaderSentimentScorer implements SentimentScorer {

    /** The name recorded on every post this scorer judged. */
    public static final String NAME = "vader-lexicon";

    static final double B_INCR = 0.293;
    static final double B_DECR = -0.293;
    static final double C_INCR = 0.733;
    static final double N_SCALAR = -0.74;
    private static final double NORMALISATION_ALPHA = 15;
    private static final double EXCLAMATION_INCR = 0.292;
    private static final int MAX_EXCLAMATIONS = 4;
    private static final double QUESTION_INCR = 0.18;
    private static final double MAX_QUESTION_EMPHASIS = 0.96;

    private static final Set<String> NEGATIONS = Set.of("aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt",
            "doesnt", "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt",
            "havent", "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't",
            "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt", "shant",
            "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
            "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite");

    /** Intensifiers (+) and dampeners (-), single words and the bi-grams checked by {@link #idiomsAndBigrams}. */
    private static final Map<String, Double> BOOSTERS = boosters();

    /** Multi-word expressions whose valence replaces that of their sentiment word. */
    private static final Map<String, Double> SPECIAL_CASES = Map.of("the shit", 3.0, "the bomb", 3.0, "bad ass", 1.5,
            "badass", 1.5, "bus stop", 0.0, "yeah right", -2.0, "kiss of death", -1.5, "to die for", 3.0,
            "beating heart", 3.1, "broken heart", -2.9);

    /** Python's {@code string.punctuation}, stripped from the ends of word tokens. */
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final VaderLexicon lexicon;

    /** A scorer over the lexicon shipped in {@code /lexicon/}. */
    public VaderSentimentScorer() {
        this(VaderLexicon.standard());
    }

    public VaderSentimentScorer(VaderLexicon lexicon) {
        if (lexicon == null) {
            throw new IllegalArgumentException("lexicon must not be null");
        }
        this.lexicon = lexicon;
    }

    private static Map<String, Double> boosters() {
        Map<String, Double> m = new HashMap<>();
        for (String w : List.of("absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
                "decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially", "exceptional",
                "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking",
                "fricking", "frickin", "frigging", "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly",
                "hella", "highly", "hugely", "incredible", "incredibly", "intensely", "major", "majorly", "more", "most",
                "particularly", "purely", "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total",
                "totally", "tremendous", "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very")) {
            m.put(w, B_INCR);
        }
        for (String w : List.of("almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of",
                "less", "little", "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely",
                "slight", "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of")) {
            m.put(w, B_DECR);
        }
        return Map.copyOf(m);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Sentiment score(String text) {
        double score = 50 + 50 * compound(text);
        return Sentiment.ofScore(Math.max(0, Math.min(100, score)));
    }

    /** VADER's compound score in [-1, 1] (unrounded; the reference rounds to four decimals); 0 for null or blank text. */
    public double compound(String text) {
        if (text == null || text.isBlank()) {
            return 0.0;
        }
        String described = replaceEmoji(text);
        String[] words = tokens(described);
        if (words.length == 0) {
            return 0.0;
        }
        String[] lower = new String[words.length];
        for (int i = 0; i < words.length; i++) {
            lower[i] = words[i].toLowerCase(Locale.ROOT);
        }
        boolean capDifferential = capDifferential(words);

        double[] sentiments = new double[words.length];
        for (int i = 0; i < words.length; i++) {
            if (BOOSTERS.containsKey(lower[i]) || isKindOf(lower, i)) {
                continue; // modifiers carry no valence of their own; they act on the word they precede
            }
            sentiments[i] = valence(words, lower, i, capDifferential);
        }
        butContrast(lower, sentiments);
        return normalise(sentiments, described);
    }

    private static boolean isKindOf(String[] lower, int i) {
        return i < lower.length - 1 && lower[i].equals("kind") && lower[i + 1].equals("of");
    }

    /** The valence of token {@code i} after caps, boosters, negation, idioms and "least"; 0 when not in the lexicon. */
    private double valence(String[] words, String[] lower, int i, boolean capDifferential) {
        Double base = lexicon.valence(lower[i]);
        if (base == null) {
            return 0.0;
        }
        double valence = base;
        // "no" before another sentiment word negates it rather than counting as a sentiment of its own
        if (lower[i].equals("no") && i != lower.length - 1 && lexicon.contains(lower[i + 1])) {
            valence = 0.0;
        }
        if ((i > 0 && lower[i - 1].equals("no")) || (i > 1 && lower[i - 2].equals("no"))
                || (i > 2 && lower[i - 3].equals("no") && (lower[i - 1].equals("or") || lower[i - 1].equals("nor")))) {
            valence = base * N_SCALAR;
        }
        if (capDifferential && isUpper(words[i])) {
            valence += valence > 0 ? C_INCR : -C_INCR;
        }
        for (int distance = 1; distance <= 3 && distance <= i; distance++) {
            int j = i - distance;
            if (lexicon.contains(lower[j])) {
                continue; // a sentiment word is scored on its own, never as a modifier
            }
            double scalar = boosterScalar(words[j], lower[j], valence, capDifferential);
            if (distance == 2) {
                scalar *= 0.95;
            } else if (distance == 3) {
                scalar *= 0.9;
            }
            valence = negationCheck(valence + scalar, lower, distance, i);
            if (distance == 3) {
                valence = idiomsAndBigrams(valence, lower, i);
            }
        }
        return leastCheck(valence, lower, i);
    }

    /** The booster's increment, signed to push the valence further from zero, plus caps emphasis on the booster. */
    private static double boosterScalar(String word, String lower, double valence, boolean capDifferential) {
        Double b = BOOSTERS.get(lower);
        if (b == null) {
            return 0.0;
        }
        double scalar = valence < 0 ? -b : b;
        if (capDifferential && isUpper(word)) {
            scalar += valence > 0 ? C_INCR : -C_INCR;
        }
        return scalar;
    }

    /** Flips and damps the valence when the token {@code distance} back negates it ("never so" boosts instead). */
    private static double negationCheck(double valence, String[] lower, int distance, int i) {
        switch (distance) {
            case 1:
                return negated(lower[i - 1]) ? valence * N_SCALAR : valence;
            case 2:
                if (lower[i - 2].equals("never") && isSoOrThis(lower[i - 1])) {
                    return valence * 1.25;
                }
                if (lower[i - 2].equals("without") && lower[i - 1].equals("doubt")) {
                    return valence;
                }
                return negated(lower[i - 2]) ? valence * N_SCALAR : valence;
            default:
                // As in the reference: "so"/"this" right before the word boosts even without "never" three back.
                if ((lower[i - 3].equals("never") && isSoOrThis(lower[i - 2])) || isSoOrThis(lower[i - 1])) {
                    return valence * 1.25;
                }
                if (lower[i - 3].equals("without") && (lower[i - 2].equals("doubt") || lower[i - 1].equals("doubt"))) {
                    return valence;
                }
                return negated(lower[i - 3]) ? valence * N_SCALAR : valence;
        }
    }

    private static boolean isSoOrThis(String lowerWord) {
        return lowerWord.equals("so") || lowerWord.equals("this");
    }

    private static boolean negated(String lowerWord) {
        return NEGATIONS.contains(lowerWord) || lowerWord.contains("n't");
    }

    /** Idioms around the word replace its valence; booster bi-grams before it ("kind of", "sort of") adjust it. */
    private static double idiomsAndBigrams(double valence, String[] lower, int i) {
        String w3 = lower[i - 3];
        String w2 = lower[i - 2];
        String w1 = lower[i - 1];
        String w0 = lower[i];
        String twoOne = w2 + " " + w1;
        String threeTwoOne = w3 + " " + twoOne;
        String threeTwo = w3 + " " + w2;
        String[] before = {w1 + " " + w0, twoOne + " " + w0, twoOne, threeTwoOne, threeTwo};
        for (String seq : before) {
            Double v = SPECIAL_CASES.get(seq);
            if (v != null) {
                valence = v;
                break;
            }
        }
        if (i + 1 < lower.length) {
            Double v = SPECIAL_CASES.get(w0 + " " + lower[i + 1]);
            if (v != null) {
                valence = v;
            }
        }
        if (i + 2 < lower.length) {
            Double v = SPECIAL_CASES.get(w0 + " " + lower[i + 1] + " " + lower[i + 2]);
            if (v != null) {
                valence = v;
            }
        }
        for (String nGram : new String[] {threeTwoOne, threeTwo, twoOne}) {
            Double b = BOOSTERS.get(nGram);
            if (b != null) {
                valence += b;
            }
        }
        return valence;
    }

    /** "least good" negates; "at least" and "very least" do not. */
    private double leastCheck(double valence, String[] lower, int i) {
        if (i == 0 || !lower[i - 1].equals("least") || lexicon.contains(lower[i - 1])) {
            return valence;
        }
        if (i > 1 && (lower[i - 2].equals("at") || lower[i - 2].equals("very"))) {
            return valence;
        }
        return valence * N_SCALAR;
    }

    /** Words before the first "but" count half, words after it one and a half times. */
    private static void butContrast(String[] lower, double[] sentiments) {
        int but = -1;
        for (int k = 0; k < lower.length && but < 0; k++) {
            if (lower[k].equals("but")) {
                but = k;
            }
        }
        if (but < 0) {
            return;
        }
        for (int k = 0; k < sentiments.length; k++) {
            if (k < but) {
                sentiments[k] *= 0.5;
            } else if (k > but) {
                sentiments[k] *= 1.5;
            }
        }
    }

    /** Sum of valences, pushed further from zero by "!" and "?", squashed into [-1, 1] by x / sqrt(x^2 + 15). */
    private static double normalise(double[] sentiments, String text) {
        double sum = 0;
        for (double s : sentiments) {
            sum += s;
        }
        if (sum == 0) {
            return 0.0;
        }
        double emphasis = punctuationEmphasis(text);
        sum += sum > 0 ? emphasis : -emphasis;
        double compound = sum / Math.sqrt(sum * sum + NORMALISATION_ALPHA);
        return Math.max(-1.0, Math.min(1.0, compound));
    }

    /** 0.292 per "!" up to four; two or three "?" add 0.18 each, more add 0.96 in all; a single "?" adds nothing. */
    private static double punctuationEmphasis(String text) {
        int exclamations = 0;
        int questions = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '!') {
                exclamations++;
            } else if (c == '?') {
                questions++;
            }
        }
        double amplifier = Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_INCR;
        if (questions > 1) {
            amplifier += questions <= 3 ? questions * QUESTION_INCR : MAX_QUESTION_EMPHASIS;
        }
        return amplifier;
    }

    /**
     * Each single-code-point emoji becomes its description, so "😀" is scored as "grinning face". As in the
     * reference, a space goes before a description unless one is already there, but none after it.
     */
    private String replaceEmoji(String text) {
        StringBuilder out = null; // allocated only once an emoji is found: most posts have none
        boolean previousSpace = true;
        for (int k = 0; k < text.length(); ) {
            int cp = text.codePointAt(k);
            String description = lexicon.emojiDescription(cp);
            if (description != null && out == null) {
                out = new StringBuilder(text.length() + 32).append(text, 0, k);
            }
            if (description != null) {
                if (!previousSpace) {
                    out.append(' ');
                }
                out.append(description);
                previousSpace = false;
            } else {
                if (out != null) {
                    out.appendCodePoint(cp);
                }
                previousSpace = cp == ' ';
            }
            k += Character.charCount(cp);
        }
        return out == null ? text : out.toString();
    }

    /**
     * Tokens split on whitespace (Python's notion, which includes no-break spaces), each with surrounding punctuation
     * removed unless that would leave two code points or fewer, which keeps emoticons such as ":)" and ":D" whole.
     */
    static String[] tokens(String text) {
        List<String> out = new ArrayList<>();
        int k = 0;
        int n = text.length();
        while (k < n) {
            while (k < n && isPythonWhitespace(text.charAt(k))) {
                k++;
            }
            int start = k;
            while (k < n && !isPythonWhitespace(text.charAt(k))) {
                k++;
            }
            if (k > start) {
                String raw = text.substring(start, k);
                String stripped = strip(raw);
                out.add(stripped.codePointCount(0, stripped.length()) <= 2 ? raw : stripped);
            }
        }
        return out.toArray(new String[0]);
    }

    /** Python's {@code str.isspace()}: Java whitespace plus the no-break spaces and NEL. */
    private static boolean isPythonWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    private static String strip(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && PUNCTUATION.indexOf(token.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && PUNCTUATION.indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        return token.substring(start, end);
    }

    /** True when some, but not all, tokens are ALL CAPS: only then do caps mark emphasis. */
    private static boolean capDifferential(String[] words) {
        int upper = 0;
        for (String w : words) {
            if (isUpper(w)) {
                upper++;
            }
        }
        return upper > 0 && upper < words.length;
    }

    /** Python's {@code str.isupper()}: at least one cased character and no lower-case ones. */
    private static boolean isUpper(String word) {
        boolean cased = false;
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (Character.isLowerCase(c)) {
                return false;
            }
            if (Character.isUpperCase(c)) {
                cased = true;
            }
        }
        return cased;
    }
}
