package io.chorus.sentiment;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether an English-only scorer may judge a post, from the post's {@code lang} tag or, when the tag is
 * absent or says "undetermined", from the text (optimaize language-detector, 32 of its built-in profiles).
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Nothing left after removing links, @mentions and whitespace: not judged ("nothing to judge").</li>
 *   <li>A real language tag ({@code en}, {@code en-GB}, {@code es}, ...): English is judged; any other language is
 *       not, and the reason names it. The tag is trusted: it is what the user's data says.</li>
 *   <li>Twitter's pseudo-codes for posts without linguistic content — {@code zxx} (media or card only), {@code qme}
 *       (media links), {@code art} (emoji or symbols only), {@code qam} (mentions only), {@code qht} (hashtags only),
 *       {@code qct} (cashtags only): judged, because what remains (emoji, hashtags) is language-independent and the
 *       scorers read emoji; rule 1 already refused the ones with nothing left.</li>
 *   <li>No tag, {@code und}, {@code qst} (very short), {@code mis}, {@code mul}: the text with links, mentions,
 *       hashtags and emoji removed is judged as English when at least two of its words, or a fifth of them, are
 *       common English function words (the detector's character n-grams alone mistake short English tweets for
 *       Welsh, Haitian or Somali); otherwise it is given to the detector when it has at least
 *       {@value #MIN_DETECT_LETTERS} letters, and a confident (≥ {@value #MIN_PROBABILITY}) non-English answer is
 *       not judged; English, an unconfident answer, or text too short to tell are judged (short replies are mostly English in the data
 *       the scorers were trained on, and they are what the scorers were trained on).</li>
 * </ol>
 * Thread-safe; the detector's profiles load once, in the constructor (about a second).
 */
public final class LanguageGate {

    static final int MIN_DETECT_LETTERS = 12;

    /**
     * The detector's candidate languages: widely written ones with reliable profiles. The full set of 71 includes
     * profiles (Somali, Welsh, Haitian, Afrikaans, Tagalog) that claim shouting or elongated English ("SHEESH!!",
     * "Ayyyyeeee") with p = 1.0.
     */
    private static final List<String> PROFILES = List.of("en", "es", "fr", "de", "it", "pt", "nl", "sv", "da", "no", "fi",
            "pl", "cs", "ro", "hu", "tr", "ru", "uk", "bg", "el", "ar", "fa", "he", "hi", "bn", "ja", "ko", "zh-CN", "zh-TW",
            "id", "vi", "th");
    private static final Pattern ELONGATION = Pattern.compile("(\\p{L})\\1{2,}");
    static final double MIN_PROBABILITY = 0.90;

    private static final Set<String> NO_LINGUISTIC_CONTENT = Set.of("zxx", "qme", "art", "qam", "qht", "qct");
    private static final Set<String> UNDETERMINED = Set.of("und", "qst", "mis", "mul");
    private static final Pattern LINKS_AND_MENTIONS = Pattern.compile("(?:https?://|www\\.)\\S+|@\\w+");
    private static final Pattern HASHTAGS = Pattern.compile("[#$]\\w+");
    private static final Pattern NOT_LETTERS = Pattern.compile("[^\\p{L}\\p{M}'’\\s]+");

    /** The gate's decision: judge or not, the language it settled on, and why not. */
    public record Decision(boolean judge, String language, String reason) {
    }

    private final LanguageDetector detector;
    private final TextObjectFactory texts;

    public LanguageGate() {
        try {
            List<LdLocale> locales = new ArrayList<>();
            for (String code : PROFILES) {
                locales.add(LdLocale.fromString(code));
            }
            this.detector = LanguageDetectorBuilder.create(NgramExtractors.standard())
                    .withProfiles(new LanguageProfileReader().readBuiltIn(locales)).build();
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the language detector's built-in profiles", e);
        }
        this.texts = CommonTextObjectFactories.forDetectingShortCleanText();
    }

    public Decision decide(String text, String lang) {
        String content = LINKS_AND_MENTIONS.matcher(text == null ? "" : text).replaceAll(" ").strip();
        if (content.isEmpty()) {
            return new Decision(false, lang, "nothing to judge: the text is empty or only links and mentions");
        }
        String tag = lang == null ? "" : lang.strip().toLowerCase(Locale.ROOT);
        String primary = tag.contains("-") ? tag.substring(0, tag.indexOf('-')) : tag.contains("_") ? tag.substring(0, tag.indexOf('_')) : tag;
        if (NO_LINGUISTIC_CONTENT.contains(primary)) {
            return new Decision(true, primary, null);
        }
        if (!primary.isEmpty() && !UNDETERMINED.contains(primary)) {
            return primary.equals("en") ? new Decision(true, "en", null) : unsupported(primary, "tagged");
        }
        String letters = NOT_LETTERS.matcher(HASHTAGS.matcher(content).replaceAll(" ")).replaceAll(" ").strip();
        if (looksEnglish(letters) || countLetters(letters) < MIN_DETECT_LETTERS) {
            return new Decision(true, primary.isEmpty() ? "und" : primary, null);
        }
        String plain = ELONGATION.matcher(letters.toLowerCase(Locale.ROOT)).replaceAll("$1");
        List<DetectedLanguage> found = detector.getProbabilities(texts.forText(plain));
        if (found.isEmpty()) {
            return new Decision(true, "und", null);
        }
        DetectedLanguage best = found.get(0);
        String detected = best.getLocale().getLanguage();
        if (detected.equals("en")) {
            return new Decision(true, "en", null);
        }
        if (best.getProbability() >= MIN_PROBABILITY) {
            return unsupported(detected, String.format(Locale.ROOT, "detected (p=%.2f)", best.getProbability()));
        }
        return new Decision(true, "und", null);
    }

    private static Decision unsupported(String language, String how) {
        return new Decision(false, language, "language '" + language + "' (" + how + ") is not supported: the scorer was trained on English only");
    }

    private static final Set<String> ENGLISH = Set.of("the", "an", "and", "or", "but", "of", "to", "at",
            "for", "with", "from", "by", "are", "was", "were", "be", "been", "does", "did", "have", "has",
            "had", "you", "she", "it", "we", "they", "my", "your", "his", "her", "our", "their", "this",
            "that", "these", "those", "what", "who", "when", "where", "why", "how", "not", "if", "just",
            "can", "will", "would", "should", "could", "may", "might", "im", "i'm", "it's", "don't", "dont", "can't",
            "get", "got", "see", "want", "like", "love", "go", "going", "good", "new", "all", "up", "out", "about",
            "time", "day", "today", "tomorrow", "night", "now", "here", "there", "more", "very", "really", "lol");

    /**
     * At least two words (or one of at most four) are common English words; words that are also common in other
     * European languages ("a", "no", "de", "in", "is", "so") are not in the list.
     */
    static boolean looksEnglish(String letters) {
        String[] words = letters.toLowerCase(Locale.ROOT).split("\\s+");
        int hits = 0;
        int total = 0;
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            total++;
            if (ENGLISH.contains(w.replace('’', '\'')))  {
                hits++;
            }
        }
        return hits >= 2 || (hits == 1 && total <= 4);
    }

    private static int countLetters(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
