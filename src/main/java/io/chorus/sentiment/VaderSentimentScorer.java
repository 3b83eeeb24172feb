package io.chorus.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Offline sentiment for social-media text: the VADER lexicon with the rules of Hutto and Gilbert (ICWSM 2014),
 * implemented for Chorus. Token valences are adjusted for intensifiers and dampeners ("very", "slightly"),
 * ALL-CAPS emphasis in mixed-case text, negation within three preceding tokens ("not", "isn't", "never"),
 * "but" contrast (before x0.5, after x1.5), "least", and exclamation and question marks; emoji are scored by their
 * text descriptions. The sum is normalised to a compound score in [-1, 1] and mapped to 0..100 as
 * {@code 50 + 50 * compound}.
 *
 * <p>Stateless and thread-safe: one instance serves every stream thread.
 */
public final class VaderSentimentScorer implements SentimentScorer {

    static final double B_INCR = 0.293;
    static final double B_DECR = -0.293;
    static final double C_INCR = 0.733;
    static final double N_SCALAR = -0.74;
    private static final double NORMALISATION_ALPHA = 15;

    private static final Set<String> NEGATIONS = Set.of("aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt",
            "doesnt", "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt",
            "havent", "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't",
            "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt", "shant",
            "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
            "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite");

    private static final Map<String, Double> BOOSTERS = boosters();

    /** Multi-word expressions whose valence replaces that of their words (a small subset of VADER's). */
    private static final Map<String, Double> SPECIAL_CASES = Map.of("the shit", 3.0, "the bomb", 3.0, "bad ass", 1.5,
            "badass", 1.5, "yeah right", -2.0, "kiss of death", -1.5, "to die for", 3.0, "bus stop", 0.0);

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final VaderLexicon lexicon;

    public VaderSentimentScorer() {
        this(VaderLexicon.standard());
    }

    public VaderSentimentScorer(VaderLexicon lexicon) {
        this.lexicon = lexicon;
    }

    private static Map<String, Double> boosters() {
        Map<String, Double> m = new java.util.HashMap<>();
        for (String w : List.of("absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly",
                "deeply", "effing", "enormous", "enormously", "entirely", "especially", "exceptional", "exceptionally", "extreme",
                "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking", "fricking", "frickin", "frigging",
                "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
                "incredible", "incredibly", "intensely", "major", "majorly", "more", "most", "particularly", "purely", "quite",
                "really", "remarkably", "so", "substantially", "thoroughly", "total", "totally", "tremendous", "tremendously",
                "uber", "unbelievably", "unusually", "utter", "utterly", "very")) {
            m.put(w, B_INCR);
        }
        for (String w : List.of("almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less",
                "little", "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely", "slight",
                "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of")) {
            m.put(w, B_DECR);
        }
        return Map.copyOf(m);
    }

    @Override
    public String name() {
        return "vader-lexicon";
    }

    @Override
    public Sentiment score(String text) {
        double compound = compound(text);
        return Sentiment.ofScore(Math.max(0, Math.min(100, 50 + 50 * compound)));
    }

    /** VADER's compound score in [-1, 1]; 0 for null or blank text. */
    public double compound(String text) {
        if (text == null || text.isBlank()) {
            return 0.0;
        }
        String withEmoji = replaceEmoji(text);
        List<String> words = tokens(withEmoji);
        if (words.isEmpty()) {
            return 0.0;
        }
        List<String> lower = new ArrayList<>(words.size());
        words.forEach(w -> lower.add(w.toLowerCase(Locale.ROOT)));
        boolean capDifferential = capDifferential(words);

        double[] sentiments = new double[words.size()];
        for (int i = 0; i < words.size(); i++) {
            String item = lower.get(i);
            if (BOOSTERS.containsKey(item)) {
                continue; // a booster carries no valence of its own
            }
            if (i < words.size() - 1 && item.equals("kind") && lower.get(i + 1).equals("of")) {
                continue;
            }
            sentiments[i] = valence(words, lower, i, capDifferential);
        }
        butContrast(lower, sentiments);
        return scoreValence(sentiments, withEmoji);
    }

    private double valence(List<String> words, List<String> lower, int i, boolean capDifferential) {
        String item = lower.get(i);
        Double base = lexicon.valence(item);
        if (base == null) {
            return 0.0;
        }
        double valence = base;
        // "no" before another sentiment word is a negation, not a sentiment of its own
        if (item.equals("no") && i != words.size() - 1 && lexicon.contains(lower.get(i + 1))) {
            valence = 0.0;
        }
        if ((i > 0 && lower.get(i - 1).equals("no")) || (i > 1 && lower.get(i - 2).equals("no"))
                || (i > 2 && lower.get(i - 3).equals("no") && (lower.get(i - 1).equals("or") || lower.get(i - 1).equals("nor")))) {
            valence = base * N_SCALAR;
        }
        if (capDifferential && isUpper(words.get(i))) {
            valence += valence > 0 ? C_INCR : -C_INCR;
        }
        for (int start = 0; start < 3; start++) {
            int j = i - (start + 1);
            if (j >= 0 && !lexicon.contains(lower.get(j))) {
                double s = boosterScalar(words.get(j), lower.get(j), valence, capDifferential);
                if (start == 1 && s != 0) {
                    s *= 0.95;
                } else if (start == 2 && s != 0) {
                    s *= 0.9;
                }
                valence += s;
                valence = negationCheck(valence, lower, start, i);
                if (start == 2) {
                    valence = specialCases(valence, lower, i);
                }
            }
        }
        return leastCheck(valence, lower, i);
    }

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

    private static double negationCheck(double valence, List<String> lower, int start, int i) {
        if (start == 0) {
            return negated(lower.get(i - 1)) ? valence * N_SCALAR : valence;
        }
        if (start == 1) {
            if (lower.get(i - 2).equals("never") && (lower.get(i - 1).equals("so") || lower.get(i - 1).equals("this"))) {
                return valence * 1.25;
            }
            if (lower.get(i - 2).equals("without") && lower.get(i - 1).equals("doubt")) {
                return valence;
            }
            return negated(lower.get(i - 2)) ? valence * N_SCALAR : valence;
        }
        if ((lower.get(i - 3).equals("never") && (lower.get(i - 2).equals("so") || lower.get(i - 2).equals("this")))
                || lower.get(i - 1).equals("so") || lower.get(i - 1).equals("this")) {
            return valence * 1.25;
        }
        if (lower.get(i - 3).equals("without") && (lower.get(i - 2).equals("doubt") || lower.get(i - 1).equals("doubt"))) {
            return valence;
        }
        return negated(lower.get(i - 3)) ? valence * N_SCALAR : valence;
    }

    private static boolean negated(String lowerWord) {
        return NEGATIONS.contains(lowerWord) || lowerWord.contains("n't");
    }

    /** Idioms that replace a valence, and dampener or booster bi-grams ("kind of", "sort of") before the word. */
    private static double specialCases(double valence, List<String> lower, int i) {
        String w3 = lower.get(i - 3);
        String w2 = lower.get(i - 2);
        String w1 = lower.get(i - 1);
        String w0 = lower.get(i);
        String oneZero = w1 + " " + w0;
        String twoOneZero = w2 + " " + oneZero;
        String twoOne = w2 + " " + w1;
        String threeTwoOne = w3 + " " + twoOne;
        String threeTwo = w3 + " " + w2;
        for (String seq : List.of(oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo)) {
            Double v = SPECIAL_CASES.get(seq);
            if (v != null) {
                valence = v;
                break;
            }
        }
        if (lower.size() - 1 > i) {
            String zeroOne = w0 + " " + lower.get(i + 1);
            Double v = SPECIAL_CASES.get(zeroOne);
            if (v != null) {
                valence = v;
            }
        }
        if (lower.size() - 1 > i + 1) {
            String zeroOneTwo = w0 + " " + lower.get(i + 1) + " " + lower.get(i + 2);
            Double v = SPECIAL_CASES.get(zeroOneTwo);
            if (v != null) {
                valence = v;
            }
        }
        for (String nGram : List.of(threeTwoOne, threeTwo, twoOne)) {
            Double b = BOOSTERS.get(nGram);
            if (b != null) {
                valence += b;
            }
        }
        return valence;
    }

    private double leastCheck(double valence, List<String> lower, int i) {
        if (i > 1 && !lexicon.contains(lower.get(i - 1)) && lower.get(i - 1).equals("least")) {
            if (!lower.get(i - 2).equals("at") && !lower.get(i - 2).equals("very")) {
                return valence * N_SCALAR;
            }
        } else if (i > 0 && !lexicon.contains(lower.get(i - 1)) && lower.get(i - 1).equals("least")) {
            return valence * N_SCALAR;
        }
        return valence;
    }

    /** Words before the first "but" count half, words after it one and a half times. */
    private static void butContrast(List<String> lower, double[] sentiments) {
        int but = lower.indexOf("but");
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

    private static double scoreValence(double[] sentiments, String text) {
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

    private static double punctuationEmphasis(String text) {
        long exclamations = text.chars().filter(c -> c == '!').count();
        long questions = text.chars().filter(c -> c == '?').count();
        double amplifier = Math.min(exclamations, 4) * 0.292;
        if (questions > 1) {
            amplifier += questions <= 3 ? questions * 0.18 : 0.96;
        }
        return amplifier;
    }

    /** Each single-code-point emoji becomes its description, as words VADER can score. */
    private String replaceEmoji(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean previousSpace = true;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            String description = lexicon.emojiDescription(cp);
            if (description != null) {
                if (!previousSpace) {
                    out.append(' ');
                }
                out.append(description);
                previousSpace = false;
            } else {
                out.appendCodePoint(cp);
                previousSpace = cp == ' ';
            }
        }
        return out.toString();
    }

    /** Whitespace tokens with surrounding punctuation removed, unless that leaves two characters or fewer (emoticons). */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String raw : text.trim().split("\\s+")) {
            if (raw.isEmpty()) {
                continue;
            }
            String stripped = strip(raw);
            out.add(stripped.length() <= 2 ? raw : stripped);
        }
        return out;
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

    /** True when some, but not all, tokens are ALL CAPS: then caps mark emphasis. */
    private static boolean capDifferential(List<String> words) {
        int upper = 0;
        for (String w : words) {
            if (isUpper(w)) {
                upper++;
            }
        }
        return upper > 0 && upper < words.size();
    }

    /** Python's str.isupper(): at least one cased character and no lower-case ones. */
    private static boolean isUpper(String word) {
        boolean cased = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
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
