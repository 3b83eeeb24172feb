package io.chorus.listening;

import io.chorus.model.TrendReport.Kind;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The terms of a post that trends are counted over: hashtags, mentions and cleaned words. Text is normalised first
 * (Unicode compatibility form, so styled letters read as plain ones; zero-width and bidi characters removed); URLs,
 * numbers, stop words and words under three letters are dropped. Each term counts once per post, so one post that
 * repeats a hashtag twenty times does not make it trend.
 */
public final class TermExtractor {

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cf}\\u200B-\\u200F\\u2060-\\u2064\\uFEFF]");
    private static final Pattern TOKEN = Pattern.compile("([#@])?([\\p{L}\\p{M}][\\p{L}\\p{M}\\p{Nd}_'’]*)");
    private static final int MAX_TERM_CHARS = 60;
    private static final Set<String> STOP_WORDS = Set.of(
            "the", "and", "for", "are", "but", "not", "you", "your", "yours", "all", "any", "can", "had", "her", "was", "one",
            "our", "out", "has", "have", "him", "his", "how", "its", "may", "new", "now", "see", "two", "who", "did", "get",
            "got", "let", "say", "she", "too", "use", "that", "this", "with", "from", "they", "them", "their", "there", "then",
            "than", "what", "when", "where", "which", "while", "will", "would", "could", "should", "about", "into", "just",
            "like", "more", "most", "some", "such", "only", "over", "very", "been", "being", "were", "also", "each", "here",
            "much", "many", "even", "ever", "every", "because", "after", "before", "again", "these", "those", "does", "doing",
            "done", "make", "made", "know", "think", "want", "need", "really", "going", "today", "still", "back", "well",
            "good", "great", "don't", "i'm", "it's", "that's", "can't", "won't", "didn't", "doesn't", "isn't", "you're",
            "we're", "they're", "i've", "i'll", "amp", "via", "rt", "yes", "yeah", "lol", "off", "why", "own", "same",
            "other", "both", "few", "through", "during", "under", "until", "against", "between", "per", "upon", "onto");

    private TermExtractor() {
    }

    /** Distinct terms of {@code text} with their kind, in order of first appearance; empty for null or blank text. */
    public static Map<String, Kind> terms(String text) {
        Map<String, Kind> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        String clean = Normalizer.normalize(text, Normalizer.Form.NFKC);
        clean = INVISIBLE.matcher(clean).replaceAll("");
        clean = URL.matcher(clean).replaceAll(" ");
        Matcher m = TOKEN.matcher(clean);
        while (m.find()) {
            String prefix = m.group(1);
            String word = m.group(2).toLowerCase(Locale.ROOT).replace('’', '\'');
            if (word.length() > MAX_TERM_CHARS) {
                continue;
            }
            if ("#".equals(prefix)) {
                out.putIfAbsent("#" + word, Kind.HASHTAG);
            } else if ("@".equals(prefix)) {
                out.putIfAbsent("@" + word, Kind.MENTION);
            } else {
                String w = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
                if (w.length() >= 3 && !STOP_WORDS.contains(w) && !w.startsWith("'")) {
                    out.putIfAbsent(w, Kind.WORD);
                }
            }
        }
        return out;
    }

    /** The kind of a term as {@link #terms} names it. */
    public static Kind kindOf(String term) {
        return term.startsWith("#") ? Kind.HASHTAG : term.startsWith("@") ? Kind.MENTION : Kind.WORD;
    }
}
