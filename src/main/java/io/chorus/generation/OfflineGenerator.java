package io.chorus.generation;

import io.chorus.async.RequestIds;
import io.chorus.model.Campaign;
import io.chorus.model.GeneratedContent;
import io.chorus.model.GenerationRequest;
import io.chorus.model.ImageRef;
import io.chorus.model.Persona;
import io.chorus.sentiment.SentimentScorer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Content without a model, honestly marked as offline output (model {@value #MODEL}, {@code offline=true}, and the
 * text says so). It cannot write like a model; it does what rules can:
 * <ul>
 *   <li><b>varied</b>: several phrasings per content type, chosen by a hash of the post and campaign, so different
 *       people get different texts while a replay of the same post gets the same one;</li>
 *   <li><b>style-aware</b>: the campaign's example posts decide lower case, exclamation marks, an emoji and a hashtag
 *       they use, and short or long phrasing ({@link Style});</li>
 *   <li><b>tone</b>: the campaign's target sentiment picks warm, neutral or concerned wording;</li>
 *   <li><b>addressed to the reader</b>: a stance written as an instruction to the writer ("Encourage neighbours to
 *       join X") becomes an invitation ("join X");</li>
 *   <li><b>the bridge fits</b>: chosen for the persona, and for captions and narrations from the images' alt text
 *       ({@link BridgeFinder#findForImages}).</li>
 * </ul>
 * Captions and narrations describe the images only through their alt text: no model looked at them. Image content
 * gets the text of a post, which {@code io.chorus.media.MediaStage} draws on an offline content card.
 */
public final class OfflineGenerator {

    public static final String MODEL = "offline-template";
    public static final String PROMPT_VERSION = "offline-v2";
    public static final String MARK = "[offline template, no model]";

    private static final Pattern INSTRUCTION = Pattern.compile(
            "^(?:encourage|urge|convince|persuade|ask|invite|motivate|get|remind|tell)\\s+(?:\\S+\\s+){0,4}?to\\s+(.+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PROMOTE = Pattern.compile("^(?:promote|support|advocate for|push for|champion)\\s+(.+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HASHTAG = Pattern.compile("#\\w+");

    private final BridgeFinder bridges;
    private final SentimentScorer scorer;
    private final Clock clock;

    public OfflineGenerator(BridgeFinder bridges, SentimentScorer scorer, Clock clock) {
        this.bridges = bridges;
        this.scorer = scorer;
        this.clock = clock;
    }

    public GenerationResult generate(GenerationRequest request) {
        Campaign c = request.campaign();
        List<ImageRef> images = request.post().scored().post().images();
        String bridge = request.bridge() != null ? request.bridge() : chooseBridge(request, images);
        int variant = variant(request.inputId());
        Style style = Style.of(c.styleExamples());
        Tone tone = Tone.of(c.targetSentiment());
        String body = switch (request.contentType()) {
            case REPLY -> reply(request.persona(), c, bridge, variant, tone);
            case POST -> post(c, bridge, variant, tone);
            case CAPTION -> caption(images, c, bridge, variant);
            case NARRATION -> narration(images, c, bridge, variant);
            case IMAGE, IMAGE_POST -> post(c, bridge, variant, tone); // drawn on an offline content card
        };
        String text = Guardrails.withDisclosure(style.apply(body) + " " + MARK, c.disclosure());
        var post = request.post();
        GeneratedContent content = new GeneratedContent(GeneratedContent.SCHEMA_VERSION,
                RequestIds.requestId(request.inputId(), GenerationTask.USE, PROMPT_VERSION, MODEL), post.postId(), post.authorId(),
                post.communityId(), c.id(), request.contentType(), text, bridge, null, MODEL, PROMPT_VERSION, true, 0, 0, 0, 0.0,
                false, scorer.score(text).score(), clock.instant());
        return new GenerationResult(request, content, null);
    }

    private String chooseBridge(GenerationRequest request, List<ImageRef> images) {
        if (bridges == null) {
            return null;
        }
        return switch (request.contentType()) {
            case CAPTION, NARRATION -> bridges.findForImages(images, request.persona(), request.campaign());
            default -> bridges.find(request.persona(), request.campaign());
        };
    }

    /** A stable choice among phrasings for this post and campaign (FNV-1a of the input id). */
    static int variant(String inputId) {
        int h = 0x811c9dc5;
        for (byte b : inputId.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        return h & 0x7fffffff;
    }

    private static String reply(Persona p, Campaign c, String bridge, int variant, Tone tone) {
        String name = p.name() == null || p.name().isBlank() ? null : p.name().strip().split("\\s+")[0];
        String ask = sentence(invitation(c));
        String topic = c.topic();
        List<String> options = new ArrayList<>();
        if (bridge != null) {
            options.add((name == null ? "" : name + ", ") + "if " + bridge + " matters to you, " + lowerFirst(ask));
            options.add((name == null ? "Reading" : "Reading this, " + name + ",").replace("Reading,", "Reading") + " I thought of " + bridge + ". " + ask);
            options.add(capital(bridge) + " and " + topic + " have more in common than it looks. " + ask);
            options.add(tone.opener() + (name == null ? "" : ", " + name) + ". For me " + topic + " comes down to " + bridge + ". " + ask);
            options.add("You clearly care about " + bridge + "; so does " + topic + ". " + ask);
        } else {
            options.add((name == null ? "" : name + ", ") + "have you looked at " + topic + "? " + ask);
            options.add(tone.opener() + (name == null ? "" : ", " + name) + ". " + capital(topic) + " might interest you. " + ask);
        }
        return options.get(variant % options.size());
    }

    private static String post(Campaign c, String bridge, int variant, Tone tone) {
        String ask = sentence(invitation(c));
        String topic = c.topic();
        List<String> options = new ArrayList<>();
        if (bridge != null) {
            options.add(capital(bridge) + " is the reason I care about " + topic + ". " + ask);
            options.add("Been thinking about " + bridge + " lately, and " + topic + " keeps coming up. " + ask);
            options.add(tone.statement(topic) + " It comes down to " + bridge + ". " + ask);
            options.add("If " + bridge + " matters to you, look at " + topic + ". " + ask);
        } else {
            options.add(tone.statement(topic) + " " + ask);
            options.add("A thought on " + topic + ": " + lowerFirst(ask));
        }
        return options.get(variant % options.size());
    }

    private static String caption(List<ImageRef> images, Campaign c, String bridge, int variant) {
        String alt = images.isEmpty() || images.get(0).altText() == null || images.get(0).altText().isBlank()
                ? null : images.get(0).altText().strip();
        String what = alt == null ? "A picture shared with this post (it has no description)." : sentence(alt);
        if (bridge == null) {
            return what + " " + capital(c.topic()) + ".";
        }
        String[] tails = {" It says " + bridge + " to me, and " + c.topic() + ".", " " + capital(bridge) + ", and a reason to think about " + c.topic() + ".",
                " What I see: " + bridge + ". What it makes me think of: " + c.topic() + "."};
        return what + tails[variant % tails.length];
    }

    private static String narration(List<ImageRef> images, Campaign c, String bridge, int variant) {
        String[] openers = {"In " + images.size() + " pictures:", "A short story in " + images.size() + " pictures:", "Picture by picture:"};
        StringBuilder s = new StringBuilder(openers[variant % openers.length]);
        for (int i = 0; i < images.size(); i++) {
            String alt = images.get(i).altText() == null || images.get(i).altText().isBlank() ? "an image without a description" : images.get(i).altText().strip();
            s.append(i == 0 ? " first " : i == images.size() - 1 ? "; finally " : "; then ").append(lowerFirst(stripEnd(alt)));
        }
        s.append('.');
        if (bridge != null) {
            s.append(" A story about ").append(bridge).append(", and about ").append(c.topic()).append('.');
        }
        return s.toString();
    }

    /** The stance as addressed to the reader: "Encourage neighbours to join X" becomes "join X". */
    static String invitation(Campaign c) {
        String stance = c.stance() == null ? "" : stripEnd(c.stance().strip());
        if (stance.isEmpty()) {
            return "take a look at " + c.topic();
        }
        Matcher m = INSTRUCTION.matcher(stance);
        if (m.matches()) {
            return "maybe " + m.group(1) + "?";
        }
        m = PROMOTE.matcher(stance);
        if (m.matches()) {
            return m.group(1) + " deserves a closer look";
        }
        return stance;
    }

    /** What the campaign's target sentiment asks for. */
    enum Tone {
        WARM("Love this"), NEUTRAL("Interesting point"), CONCERNED("Fair worry");

        private final String opener;

        Tone(String opener) {
            this.opener = opener;
        }

        static Tone of(Double target) {
            if (target == null) {
                return NEUTRAL;
            }
            return target >= 60 ? WARM : target <= 40 ? CONCERNED : NEUTRAL;
        }

        String opener() {
            return opener;
        }

        String statement(String topic) {
            return switch (this) {
                case WARM -> "Honestly excited about " + topic + ".";
                case NEUTRAL -> "Worth a minute: " + topic + ".";
                case CONCERNED -> "We can't keep ignoring " + topic + ".";
            };
        }
    }

    /**
     * Surface style read from the campaign's example posts: majority lower case, majority with "!", the emoji and
     * the hashtag they use most (added once, when at least half of the examples have one), and short phrasing
     * (keep only the first sentence before the call to action) when the examples average under twelve words.
     */
    record Style(boolean lowerCase, boolean exclaims, String emoji, String hashtag, boolean brief) {

        static Style of(List<String> examples) {
            if (examples == null || examples.isEmpty()) {
                return new Style(false, false, null, null, false);
            }
            int lower = 0;
            int exclaim = 0;
            int words = 0;
            int withEmoji = 0;
            int withTag = 0;
            Map<String, Integer> emoji = new LinkedHashMap<>();
            Map<String, Integer> tags = new LinkedHashMap<>();
            for (String e : examples) {
                if (e.equals(e.toLowerCase(Locale.ROOT))) {
                    lower++;
                }
                if (e.contains("!")) {
                    exclaim++;
                }
                words += e.strip().isEmpty() ? 0 : e.strip().split("\\s+").length;
                boolean any = false;
                for (int i = 0; i < e.length(); ) {
                    int cp = e.codePointAt(i);
                    if (isEmoji(cp)) {
                        int end = emojiEnd(e, i + Character.charCount(cp));
                        emoji.merge(e.substring(i, end), 1, Integer::sum);
                        any = true;
                        i = end;
                    } else {
                        i += Character.charCount(cp);
                    }
                }
                withEmoji += any ? 1 : 0;
                Matcher m = HASHTAG.matcher(e);
                boolean tagged = false;
                while (m.find()) {
                    tags.merge(m.group(), 1, Integer::sum);
                    tagged = true;
                }
                withTag += tagged ? 1 : 0;
            }
            int n = examples.size();
            return new Style(lower * 2 > n, exclaim * 2 > n, withEmoji * 2 >= n ? top(emoji) : null,
                    withTag * 2 >= n ? top(tags) : null, words < 12 * n);
        }

        String apply(String body) {
            String t = body;
            if (brief) {
                int cut = t.indexOf(". ");
                int last = t.lastIndexOf(". ");
                if (cut > 0 && last > cut) {
                    t = t.substring(0, cut + 2) + t.substring(last + 2);
                }
            }
            if (exclaims && t.endsWith(".")) {
                t = t.substring(0, t.length() - 1) + "!";
            }
            if (lowerCase) {
                t = t.toLowerCase(Locale.ROOT);
            }
            if (emoji != null) {
                t = t + " " + emoji;
            }
            if (hashtag != null && !t.toLowerCase(Locale.ROOT).contains(hashtag.toLowerCase(Locale.ROOT))) {
                t = t + " " + hashtag;
            }
            return t;
        }

        /** The end of an emoji sequence: variation selectors, skin tones and zero-width-joined emoji stay with it. */
        private static int emojiEnd(String e, int i) {
            while (i < e.length()) {
                int cp = e.codePointAt(i);
                if (cp == 0xFE0F || (cp >= 0x1F3FB && cp <= 0x1F3FF)) {
                    i += Character.charCount(cp);
                } else if (cp == 0x200D && i + 1 < e.length() && isEmoji(e.codePointAt(i + 1))) {
                    i += 1 + Character.charCount(e.codePointAt(i + 1));
                } else {
                    break;
                }
            }
            return i;
        }

        private static boolean isEmoji(int cp) {
            return (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF);
        }

        private static String top(Map<String, Integer> counts) {
            String best = null;
            int max = 0;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() > max) {
                    max = e.getValue();
                    best = e.getKey();
                }
            }
            return best;
        }
    }

    private static String sentence(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return t;
        }
        t = capital(t);
        return t.matches("(?s).*[.!?]$") ? t : t + ".";
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String stripEnd(String s) {
        return s.replaceAll("[.!\\s]+$", "");
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
