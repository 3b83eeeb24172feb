package io.chorus.community;

import io.chorus.model.Profile;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of a profile that gets embedded for community clustering, cleaned so that what a model sees is what a
 * reader sees.
 *
 * <p><b>Cleaning</b> ({@link #clean}): Unicode compatibility normalisation (NFKC, so styled letters such as
 * "𝐝𝐚𝐭𝐚" or "ｄａｔａ" become "data"), then invisible characters are dropped (format characters: zero-width
 * space/joiner, word joiner, invisible operators such as U+2062, bidi marks and isolates; control characters;
 * variation selectors; unpaired surrogates), URLs are removed (they carry no topic and their random fragments
 * make spurious labels), and white space is collapsed. Real bios contain all of these.
 *
 * <p><b>What is embedded</b>: "name. bio" when the cleaned bio has a letter, digit or symbol left, else name,
 * handle and location joined, else a fixed placeholder. The name is kept because on real profiles it carries the
 * topic as often as the bio does (organisations, newsrooms, schools, "... Lab", "... Podcast"): on the real
 * following lists of three accounts (823 profiles, see docs/COMMUNITIES.md) e5 discovery reached NMI 0.28 with
 * "name. bio" and 0.16 with the bio alone. (On the invented one-sentence bios of the test fixture, where names are
 * random person names, the bio alone does better; real data decided.)
 */
public final class ProfileText {

    /** Embedded when a profile has nothing visible in bio, name, handle or location, so embedders never see a blank text. */
    static final String EMPTY_PROFILE = "(empty profile)";

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S*|\\b[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:com|org|net|io|co|ly|me|gg|tv|edu|gov|ai|dev|app)(?:/\\S*)?\\b");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private ProfileText() {
    }

    /** Never blank, always something an embedder can encode: the cleaned bio, else name, handle and location, else a placeholder. */
    public static String of(Profile profile) {
        String bio = clean(profile.bio());
        if (embeddable(bio)) {
            String name = clean(profile.name());
            return embeddable(name) ? name + ". " + bio : bio;
        }
        List<String> parts = new ArrayList<>(3);
        for (String part : new String[] {profile.name(), handle(profile.handle()), profile.location()}) {
            String cleaned = clean(part);
            if (embeddable(cleaned)) {
                parts.add(cleaned);
            }
        }
        return parts.isEmpty() ? EMPTY_PROFILE : String.join(", ", parts);
    }

    /** True when the profile's own bio (cleaned) is used, false when it fell back to name, handle, location or the placeholder. */
    public static boolean usesBio(Profile profile) {
        return embeddable(clean(profile.bio()));
    }

    /** See the class comment; null becomes "". */
    public static String clean(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String text = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        StringBuilder visible = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (invisible(cp)) {
                continue;
            }
            visible.appendCodePoint(Character.isWhitespace(cp) || Character.isSpaceChar(cp) ? ' ' : cp);
        }
        String noUrls = URL.matcher(visible).replaceAll(" ");
        return SPACES.matcher(noUrls).replaceAll(" ").strip();
    }

    /** At least one letter, digit or symbol (emoji count): something a tokenizer turns into a token. */
    static boolean embeddable(String cleaned) {
        return cleaned != null && cleaned.codePoints().anyMatch(cp -> Character.isLetterOrDigit(cp)
                || Character.getType(cp) == Character.OTHER_SYMBOL || Character.getType(cp) == Character.MATH_SYMBOL
                || Character.getType(cp) == Character.CURRENCY_SYMBOL);
    }

    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.CONTROL && !Character.isWhitespace(cp)
                || type == Character.SURROGATE || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                || cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0xE0100 && cp <= 0xE01EF;
    }

    private static String handle(String handle) {
        return handle == null ? null : handle.replaceFirst("^@", "");
    }
}
