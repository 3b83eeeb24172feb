package io.chorus.community;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names communities by their most distinctive bio terms, so that offline labels are derived from the data and
 * never invented: "climate · transit · solar" means those words are frequent in this community's bios and rare
 * in the others'.
 *
 * <p>Scoring is class-based TF-IDF (each community is one document, as in BERTopic's c-TF-IDF): {@code tf} is the
 * share of the community's profiles whose bio contains the term, and {@code idf = ln(1 + A / f)} where {@code A}
 * is the mean number of profiles per community and {@code f} the number of profiles, over all communities, that
 * use the term. A term everyone uses scores little, a term concentrated in one community scores most; unlike a
 * per-community document frequency this still discriminates when there are only a few communities. In a
 * community of {@value #MIN_PROFILES_FOR_SHARED_TERMS} or more profiles a term must be used by at least two of
 * them (when any term is), so one member's odd word never names a group. Ties go to the alphabetically first term, so labels are
 * deterministic. Stateless and thread-safe.
 *
 * <p>Terms are cleaned first ({@link #terms}): no URLs, no @handles, no tokens with digits, no stop words or
 * profile boilerplate ("views my own", "official account").
 */
public final class CommunityLabeler {

    /** Separator between the terms of a label. */
    public static final String SEPARATOR = " · ";
    public static final int DEFAULT_LABEL_TERMS = 3;
    public static final int DEFAULT_KEPT_TERMS = 8;
    static final int MIN_TOKEN_LENGTH = 3;
    static final int MIN_PROFILES_FOR_SHARED_TERMS = 5;

    private static final Pattern HANDLE = Pattern.compile("(?<![\\p{L}\\p{Nd}])@[\\p{L}\\p{Nd}_]+");
    private static final Pattern HAS_DIGIT = Pattern.compile(".*\\p{Nd}.*");

    private static final Pattern APOSTROPHES = Pattern.compile("['’‘`]");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private static final Pattern DIGITS = Pattern.compile("\\p{Nd}+");

    /** Common English function words and filler that say nothing about a community. */
    private static final Set<String> STOPWORDS = Set.of(
            "about", "above", "after", "again", "against", "all", "also", "and", "any", "are", "aren", "arent", "because",
            "been", "before", "being", "below", "between", "both", "but", "can", "cant", "cannot", "could", "couldnt",
            "did", "didnt", "does", "doesnt", "doing", "dont", "down", "during", "each", "even", "ever", "every", "few",
            "for", "from", "further", "get", "gets", "got", "had", "hadnt", "has", "hasnt", "have", "havent", "having",
            "her", "here", "hers", "herself", "him", "himself", "his", "how", "im", "ive", "into", "isnt", "its",
            "itself", "just", "let", "lets", "like", "many", "may", "more", "most", "much", "must", "myself", "never",
            "nor", "not", "now", "off", "once", "one", "only", "other", "our", "ours", "ourselves", "out", "over", "own",
            "same", "she", "should", "shouldnt", "since", "some", "still", "such", "than", "that", "thats", "the",
            "their", "theirs", "them", "themselves", "then", "there", "theres", "these", "they", "theyre", "this",
            "those", "through", "too", "under", "until", "very", "was", "wasnt", "were", "werent", "what", "whats",
            "when", "where", "which", "while", "who", "whom", "whos", "why", "will", "with", "wont", "would",
            "wouldnt", "yet", "you", "youd", "youll", "your", "youre", "yours", "yourself", "yourselves", "youve",
            "ill", "well", "theyll", "weve", "shes", "hes", "via", "per", "etc", "amp", "http", "https",
            "www", "com", "really", "always", "sometimes", "anything", "everything", "something", "nothing", "way",
            // profile boilerplate, in every kind of community
            "views", "opinions", "endorsement", "endorsements", "retweets", "retweet", "tweets", "tweet", "account",
            "official", "personal", "follow", "followers", "link", "bio", "new", "latest", "news", "twitter",
            "instagram", "tiktok", "youtube", "facebook", "linkedin", "email", "contact", "dms", "inquiries");

    private final int labelTerms;
    private final int keptTerms;

    public CommunityLabeler() {
        this(DEFAULT_LABEL_TERMS, DEFAULT_KEPT_TERMS);
    }

    public CommunityLabeler(int labelTerms, int keptTerms) {
        if (labelTerms < 1 || keptTerms < labelTerms) {
            throw new IllegalArgumentException("need 1 <= labelTerms <= keptTerms, got " + labelTerms + " and " + keptTerms);
        }
        this.labelTerms = labelTerms;
        this.keptTerms = keptTerms;
    }

    /** How often each term occurs in a community: {@code termCounts} counts profiles (not occurrences) per term. */
    public record TermStats(long profiles, Map<String, Integer> termCounts) {
        public TermStats {
            termCounts = Map.copyOf(termCounts);
        }
    }

    /** A label ("a · b · c", empty when the community has no usable terms) and the top terms, best first. */
    public record Label(String label, List<String> terms) {
        public Label {
            terms = List.copyOf(terms);
        }
    }

    /**
     * The distinct terms of a text in first-seen order: cleaned as profile texts are ({@link ProfileText#clean}:
     * compatibility-normalised, invisible characters and URLs removed), @handles removed, lowercased, apostrophes
     * dropped ("don't" is "dont"), split on anything that is not a letter or digit (so punctuation and emoji go),
     * without stopwords, tokens containing digits, and tokens shorter than three characters.
     */
    public Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        if (text == null) {
            return terms;
        }
        String visible = HANDLE.matcher(ProfileText.clean(text)).replaceAll(" ");
        String cleaned = APOSTROPHES.matcher(visible.toLowerCase(Locale.ROOT)).replaceAll("");
        for (String token : NON_WORD.split(cleaned)) {
            if (token.length() >= MIN_TOKEN_LENGTH && !STOPWORDS.contains(token) && !DIGITS.matcher(token).matches()
                    && !HAS_DIGIT.matcher(token).matches()) {
                terms.add(token);
            }
        }
        return terms;
    }

    /** Labels every community at once (distinctiveness is relative to the others); keys are kept in input order. */
    public Map<String, Label> label(Map<String, TermStats> communities) {
        long populated = communities.values().stream().filter(s -> s.profiles() > 0).count();
        long profiles = communities.values().stream().mapToLong(s -> Math.max(0, s.profiles())).sum();
        double meanProfiles = populated == 0 ? 0 : (double) profiles / populated;
        Map<String, Integer> profilesUsing = new HashMap<>();
        communities.values().stream().filter(s -> s.profiles() > 0).forEach(stats -> stats.termCounts().forEach(
                (term, count) -> {
                    if (count > 0) {
                        profilesUsing.merge(term, count, Integer::sum);
                    }
                }));
        Map<String, Label> labels = new LinkedHashMap<>();
        communities.forEach((id, stats) -> labels.put(id, labelOne(stats, meanProfiles, profilesUsing)));
        return labels;
    }

    private Label labelOne(TermStats stats, double meanProfiles, Map<String, Integer> profilesUsing) {
        if (stats.profiles() <= 0) {
            return new Label("", List.of());
        }
        record Scored(String term, double score) {
        }
        List<Scored> scored = new ArrayList<>();
        int shared = stats.profiles() >= MIN_PROFILES_FOR_SHARED_TERMS ? 2 : 1;
        boolean anyShared = stats.termCounts().values().stream().anyMatch(c -> c >= shared);
        int minCount = anyShared ? shared : 1; // no shared term at all: better one member's words than no label
        stats.termCounts().forEach((term, count) -> {
            if (count >= minCount) {
                double tf = (double) count / stats.profiles();
                double idf = Math.log(1.0 + meanProfiles / profilesUsing.getOrDefault(term, count));
                scored.add(new Scored(term, tf * idf));
            }
        });
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::term));
        List<String> top = scored.stream().limit(keptTerms).map(Scored::term).toList();
        return new Label(String.join(SEPARATOR, top.subList(0, Math.min(labelTerms, top.size()))), top);
    }
}
