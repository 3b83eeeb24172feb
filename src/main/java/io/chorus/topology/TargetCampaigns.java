package io.chorus.topology;

import io.chorus.behavior.BehaviorProfiles;
import io.chorus.generation.Guardrails;
import io.chorus.model.Audience;
import io.chorus.model.BehaviorProfile;
import io.chorus.model.Campaign;
import io.chorus.model.ContentType;
import io.chorus.model.EnrichedPost;
import io.chorus.model.GenerationRequest;
import io.chorus.model.Persona;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches each enriched post (keyed by author) against the active campaigns and emits a generation request per
 * match, with the persona from the enabled sources. The per-author daily cap is counted per day of processing (so a
 * backfill cannot reset it) in a changelogged store, so it holds across restarts; blocked campaigns never match.
 * The author's recent posts are remembered here too.
 * With behavioral profiles on, audiences may require profile feature minimums ({@link Audience#minFeatures()}), read
 * from the author's latest profile, and the persona carries the profile's summary line.
 */
final class TargetCampaigns implements Processor<String, EnrichedPost, String, GenerationRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(TargetCampaigns.class);

    private final String campaignsStore;
    private final String memoryStore;
    private final String capsStore;
    private final Guardrails guardrails;
    private final int recentPosts;
    private final Set<String> sources;
    private final String behaviorStore;
    private final Set<String> refusedLogged = new HashSet<>();

    private ProcessorContext<String, GenerationRequest> context;
    private KeyValueStore<String, Campaign> campaigns;
    private KeyValueStore<String, AuthorMemory> memory;
    private KeyValueStore<String, Long> caps;
    private KeyValueStore<String, BehaviorProfile> behavior;

    TargetCampaigns(String campaignsStore, String memoryStore, String capsStore, Guardrails guardrails, int recentPosts,
                    List<String> sources, String behaviorStore) {
        this.campaignsStore = campaignsStore;
        this.memoryStore = memoryStore;
        this.capsStore = capsStore;
        this.guardrails = guardrails;
        this.recentPosts = recentPosts;
        this.sources = Set.copyOf(sources);
        this.behaviorStore = behaviorStore;
    }

    @Override
    public void init(ProcessorContext<String, GenerationRequest> context) {
        this.context = context;
        this.campaigns = context.getStateStore(campaignsStore);
        this.memory = context.getStateStore(memoryStore);
        this.caps = context.getStateStore(capsStore);
        this.behavior = behaviorStore == null ? null : context.getStateStore(behaviorStore);
    }

    @Override
    public void process(Record<String, EnrichedPost> record) {
        EnrichedPost post = record.value();
        String author = post.authorId();
        AuthorMemory before = memory.get(author);
        before = before == null ? AuthorMemory.empty() : before;
        Instant at = Instant.ofEpochMilli(record.timestamp());
        BehaviorProfile profile = behavior == null ? null : behavior.get(author);
        try (KeyValueIterator<String, Campaign> it = campaigns.all()) {
            while (it.hasNext()) {
                Campaign campaign = it.next().value;
                if (campaign != null && eligible(campaign, post, at, profile) && underCap(author, campaign)) {
                    context.forward(record.withValue(new GenerationRequest(GenerationRequest.SCHEMA_VERSION, post, campaign,
                            persona(post, before, profile), null)));
                }
            }
        }
        memory.put(author, before.withPost(post.scored().post().text(), Math.max(1, recentPosts)));
    }

    private boolean eligible(Campaign c, EnrichedPost e, Instant at, BehaviorProfile profile) {
        if (!c.isActiveAt(at)) {
            return false;
        }
        var refusal = guardrails.refuseCampaign(c);
        if (refusal.isPresent()) {
            if (refusedLogged.add(c.id())) {
                LOG.warn("Refusing campaign: {}", refusal.get());
            }
            return false;
        }
        Post post = e.scored().post();
        if (c.contentType() == ContentType.CAPTION && post.images().isEmpty()) {
            return false;
        }
        if (c.contentType() == ContentType.NARRATION && post.images().size() < 2) {
            return false;
        }
        Audience a = c.audience();
        if (a == null) {
            return true;
        }
        if (!a.communities().isEmpty() && a.communities().stream().noneMatch(x -> x.equalsIgnoreCase(e.communityId())
                || (e.communityLabel() != null && x.equalsIgnoreCase(e.communityLabel())))) {
            return false;
        }
        double score = e.scored().score();
        if ((a.minSentiment() != null && score < a.minSentiment()) || (a.maxSentiment() != null && score > a.maxSentiment())) {
            return false;
        }
        String text = post.text().toLowerCase(Locale.ROOT);
        if (!a.keywords().isEmpty() && a.keywords().stream().noneMatch(k -> text.contains(k.toLowerCase(Locale.ROOT)))) {
            return false;
        }
        if (!a.languages().isEmpty() && post.lang() != null && a.languages().stream().noneMatch(l -> l.equalsIgnoreCase(post.lang()))) {
            return false;
        }
        return BehaviorProfiles.meets(profile, a.minFeatures());
    }

    /**
     * Counts this match against the author's cap for the campaign on the UTC day of <em>processing</em>; false when
     * the cap is spent. Cap days follow the stream's wall clock, not the post's time: a backfill of posts dated
     * years apart is processed today, so it all counts against today's cap instead of opening a fresh day per
     * historical post. The count is in a changelogged store, so a restart (even on an empty state directory)
     * restores it.
     */
    private boolean underCap(String author, Campaign c) {
        int cap = c.perAuthorDailyCap() == null ? 1 : c.perAuthorDailyCap();
        String key = capKey(author, c.id(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        Long used = caps.get(key);
        long n = used == null ? 0 : used;
        if (n >= cap) {
            return false;
        }
        caps.put(key, n + 1);
        return true;
    }

    /** The cap store key: author, campaign and the UTC day the match was processed on. */
    static String capKey(String author, String campaignId, Instant processedAt) {
        return author + "|" + campaignId + "|" + processedAt.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private Persona persona(EnrichedPost e, AuthorMemory memory, BehaviorProfile profile) {
        Profile p = sources.contains("profile") ? e.profile() : null;
        return new Persona(p == null ? null : p.name(), p == null ? null : p.handle(), p == null ? null : p.bio(),
                p == null ? null : p.location(), sources.contains("profile") ? e.communityId() : null,
                sources.contains("profile") ? e.communityLabel() : null,
                sources.contains("posts") ? memory.recentPosts() : List.of(), sources.contains("follows") ? memory.follows() : List.of(),
                BehaviorProfiles.personaLine(profile));
    }
}
