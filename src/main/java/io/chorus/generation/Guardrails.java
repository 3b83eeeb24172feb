package io.chorus.generation;

import io.chorus.model.Audience;
import io.chorus.model.Campaign;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks applied to every campaign and every generated text, on by default. A campaign is refused when any of its
 * text fields touches a blocked topic, when its disclosure label is not visibly there, or when its per-author daily
 * cap is out of range; an output must be non-empty, within the length limit, carry the disclosure, and must not echo
 * the system prompt.
 *
 * <p><b>Blocklist matching</b> compares normalised text ({@link #normaliseForMatching}): compatibility forms folded
 * (NFKD: styled and full-width letters become plain ones), combining marks and invisible format characters removed
 * (zero-width spaces and joiners, word joiners, bidi marks, soft hyphens), a few common Cyrillic and Greek look-alikes
 * mapped to the Latin letter they imitate, lower case, and every separator (spaces, punctuation, symbols) dropped. So
 * {@code "V\u200Boter-Supp\u0440ression"} matches {@code "voter suppression"}. Because separators are dropped, a term
 * can also match across word boundaries; for a safety list a false refusal is the better mistake.
 */
public final class Guardrails {

    /** The fewest visible characters a disclosure label may have (e.g. {@code "#ad"}). */
    public static final int MIN_DISCLOSURE_VISIBLE_CHARS = 3;

    /** Code points that render as nothing but are letters or symbols to Unicode, so no category test catches them. */
    private static final String INVISIBLE_LETTERS = "\u115F\u1160\u3164\uFFA0\u2800\u034F\u17B4\u17B5";

    /** Look-alikes mapped to the Latin letter they imitate: each entry is a look-alike followed by its Latin letter. */
    private static final String LOOK_ALIKES = "аaеeоoрpсcуyхxіiјjѕsԁdһhкkмmнhтtвbɡgıiοoαaνvιiκkρpτtυuχxεeβbμu";

    private record Field(String name, String value) {
    }

    private final List<String> blockedTopics;
    private final List<String> blockedNormalised;
    private final int maxChars;

    public Guardrails(List<String> blockedTopics, int maxChars) {
        this.blockedTopics = blockedTopics.stream().map(String::trim).filter(t -> !normaliseForMatching(t).isEmpty()).toList();
        this.blockedNormalised = this.blockedTopics.stream().map(Guardrails::normaliseForMatching).toList();
        this.maxChars = maxChars;
    }

    /** Why a campaign is refused, or empty when it may run. Every text field is checked against the blocklist. */
    public Optional<String> refuseCampaign(Campaign campaign) {
        for (Field field : textFields(campaign)) {
            String text = normaliseForMatching(field.value());
            for (int i = 0; i < blockedNormalised.size(); i++) {
                if (text.contains(blockedNormalised.get(i))) {
                    return Optional.of("campaign " + campaign.id() + " field '" + field.name() + "' touches a blocked topic '"
                            + blockedTopics.get(i) + "' (generation.topic.blocklist)");
                }
            }
        }
        if (campaign.disclosure() == null || !hasVisibleLabel(campaign.disclosure())) {
            return Optional.of("campaign " + campaign.id() + " field 'disclosure' needs a visible label of at least "
                    + MIN_DISCLOSURE_VISIBLE_CHARS + " characters with a letter or digit (invisible and space characters do not count); "
                    + "generated content must carry one");
        }
        Integer cap = campaign.perAuthorDailyCap();
        if (cap != null && (cap < 0 || cap > Campaign.MAX_PER_AUTHOR_DAILY_CAP)) {
            return Optional.of("campaign " + campaign.id() + " field 'perAuthorDailyCap' is " + cap + "; it must be between 0 and "
                    + Campaign.MAX_PER_AUTHOR_DAILY_CAP + " (posts per author per day)");
        }
        return Optional.empty();
    }

    private static List<Field> textFields(Campaign c) {
        List<Field> fields = new ArrayList<>();
        add(fields, "id", c.id());
        add(fields, "topic", c.topic());
        add(fields, "stance", c.stance());
        add(fields, "disclosure", c.disclosure());
        addAll(fields, "styleExamples", c.styleExamples());
        Audience a = c.audience();
        if (a != null) {
            addAll(fields, "audience.communities", a.communities());
            addAll(fields, "audience.keywords", a.keywords());
            addAll(fields, "audience.languages", a.languages());
            addAll(fields, "audience.minFeatures", a.minFeatures().keySet().stream().toList());
        }
        return fields;
    }

    private static void add(List<Field> fields, String name, String value) {
        if (value != null) {
            fields.add(new Field(name, value));
        }
    }

    private static void addAll(List<Field> fields, String name, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            add(fields, name + "[" + i + "]", values.get(i));
        }
    }

    /**
     * True when the label has at least {@value #MIN_DISCLOSURE_VISIBLE_CHARS} visible characters, one of them a
     * letter or digit. {@code isBlank()} is not enough: it is false for zero-width spaces, word joiners and no-break
     * spaces, which a reader never sees.
     */
    public static boolean hasVisibleLabel(String label) {
        int visible = 0;
        boolean letterOrDigit = false;
        for (int i = 0; i < label.length(); ) {
            int cp = label.codePointAt(i);
            i += Character.charCount(cp);
            if (isVisible(cp)) {
                visible++;
                letterOrDigit |= Character.isLetterOrDigit(cp);
            }
        }
        return visible >= MIN_DISCLOSURE_VISIBLE_CHARS && letterOrDigit;
    }

    private static boolean isVisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || INVISIBLE_LETTERS.indexOf(cp) >= 0) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.FORMAT, Character.CONTROL, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                 Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE -> false;
            default -> true;
        };
    }

    /**
     * The form the blocklist is matched in (see the class comment): compatibility-decomposed, marks and invisible
     * characters removed, look-alikes mapped, lower case, letters and digits only.
     */
    public static String normaliseForMatching(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetterOrDigit(cp) || INVISIBLE_LETTERS.indexOf(cp) >= 0) {
                continue; // separators, punctuation, symbols, marks and format characters
            }
            String lower = new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
            int look = lower.length() == 1 ? lookAlikeIndex(lower.charAt(0)) : -1;
            out.append(look >= 0 ? String.valueOf(LOOK_ALIKES.charAt(look + 1)) : lower);
        }
        return out.toString();
    }

    private static int lookAlikeIndex(char c) {
        for (int i = 0; i < LOOK_ALIKES.length(); i += 2) {
            if (LOOK_ALIKES.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Why an image or speech prompt is refused, or empty: the same blocklist matching as campaigns, applied to the
     * text that is about to be sent to an image or speech model (which no output check sees before the call).
     */
    public Optional<String> refusePrompt(String prompt) {
        String text = normaliseForMatching(prompt);
        if (text.isEmpty()) {
            return Optional.of("empty media prompt");
        }
        for (int i = 0; i < blockedNormalised.size(); i++) {
            if (text.contains(blockedNormalised.get(i))) {
                return Optional.of("media prompt touches a blocked topic '" + blockedTopics.get(i) + "' (generation.topic.blocklist)");
            }
        }
        return Optional.empty();
    }

    /** The text with the disclosure label, added at the end when the model left it out. */
    public static String withDisclosure(String text, String disclosure) {
        String t = text == null ? "" : text.strip();
        return t.contains(disclosure) ? t : t + " " + disclosure;
    }

    /** Why a generated text is refused, or empty when it may be published to the output topic. */
    public Optional<String> refuseOutput(String text, String disclosure, String systemPrompt) {
        if (text == null || text.isBlank() || text.strip().equals(disclosure)) {
            return Optional.of("empty text");
        }
        if (text.length() > maxChars) {
            return Optional.of("text has " + text.length() + " characters, over generation.max.chars=" + maxChars);
        }
        if (!text.contains(disclosure)) {
            return Optional.of("disclosure label missing");
        }
        if (systemPrompt != null && echoes(text, systemPrompt)) {
            return Optional.of("text echoes the system prompt");
        }
        return Optional.empty();
    }

    /** True when any 40-character stretch of the system prompt appears in the text (a leaked instruction). */
    static boolean echoes(String text, String systemPrompt) {
        String t = normalise(text);
        String s = normalise(systemPrompt);
        int window = 40;
        for (int i = 0; i + window <= s.length(); i += 10) {
            if (t.contains(s.substring(i, i + window))) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
