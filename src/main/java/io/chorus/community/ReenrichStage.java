package io.chorus.community;

import io.chorus.stage.Port;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import io.chorus.config.ChorusConfig;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.EnrichedPost;
import io.chorus.serde.JsonSerde;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Re-enrichment ({@code enrichment.reenrich.enabled=true}): posts enriched as {@value EnrichedPost#UNASSIGNED}
 * (their author had no community yet) are kept per author in the {@value #STORE} store (at most
 * {@code enrichment.reenrich.max.posts}, the newest kept); when the author-info table shows the author assigned,
 * they are written again to {@code chorus.posts.enriched} (key: post id, same post id, the author's community and
 * profile) with the header {@value #HEADER}{@code =true}, and forgotten.
 *
 * <p>Both processors share the store, so they run in one sub-topology: the enriched stream (from the
 * {@code scored-by-author} repartition topic) and the author-info table are both keyed by author and co-partitioned.
 *
 * <p>Re-enriched posts are deliberately <em>not</em> fed again into the aggregates or generation: the aggregates
 * counted them as unassigned at the time, and generation for campaigns targeting communities is not retried, so
 * nobody is ever targeted twice for one post.
 */
public final class ReenrichStage implements Stage {

    static final String STORE = "unassigned-posts";
    static final String HEADER = "chorus.reenriched";

    /** The unassigned posts kept for one author, oldest first. */
    public record Pending(List<EnrichedPost> posts) {
    }

    @Override
    public String name() {
        return "re-enrichment";
    }

    @Override
    public boolean enabled(ChorusConfig config) {
        return config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED) && config.getBoolean(ChorusConfig.ENRICHMENT_REENRICH_ENABLED);
    }

    @Override
    public List<Port<?>> needs() {
        return List.of(CommunityStage.ENRICHED_WITH_AUTHORS);
    }

    @Override
    public void attach(StageContext context) {
        attach(context.builder(), context.get(CommunityStage.ENRICHED_WITH_AUTHORS),
                context.config().getInt(ChorusConfig.ENRICHMENT_REENRICH_MAX_POSTS), context.topics());
    }

    static void attach(StreamsBuilder builder, CommunityStage.Enriched enriched, int maxPosts, Topics topics) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                JsonSerde.of(Pending.class)));
        enriched.byAuthor().process(() -> new KeepUnassigned(maxPosts), Named.as("reenrich-keep-unassigned"), STORE);
        enriched.authors().toStream(Named.as("reenrich-author-changes"))
                .process(ReenrichAssigned::new, Named.as("reenrich-assigned"), STORE)
                .to(topics.name(TopicId.ENRICHED), Produced.with(Serdes.String(), JsonSerde.of(EnrichedPost.class))
                        .withName("reenriched-sink"));
    }

    /** Keeps the newest {@code maxPosts} unassigned posts per author. */
    static final class KeepUnassigned implements Processor<String, EnrichedPost, Void, Void> {
        private final int maxPosts;
        private KeyValueStore<String, Pending> store;

        KeepUnassigned(int maxPosts) {
            this.maxPosts = maxPosts;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, EnrichedPost> record) {
            EnrichedPost post = record.value();
            if (record.key() == null || post == null || post.assigned()) {
                return;
            }
            Pending pending = store.get(record.key());
            List<EnrichedPost> posts = new ArrayList<>(pending == null ? List.of() : pending.posts());
            posts.removeIf(p -> p.postId().equals(post.postId()));
            posts.add(post);
            while (posts.size() > maxPosts) {
                posts.remove(0);
            }
            store.put(record.key(), new Pending(posts));
        }
    }

    /** On an author's assignment, writes their kept posts again with the community and forgets them. */
    static final class ReenrichAssigned implements Processor<String, AuthorInfo, String, EnrichedPost> {
        private ProcessorContext<String, EnrichedPost> context;
        private KeyValueStore<String, Pending> store;

        @Override
        public void init(ProcessorContext<String, EnrichedPost> context) {
            this.context = context;
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, AuthorInfo> record) {
            AuthorInfo author = record.value();
            CommunityAssignment a = author == null ? null : author.assignment();
            if (record.key() == null || a == null || a.communityId() == null || EnrichedPost.UNASSIGNED.equals(a.communityId())) {
                return;
            }
            Pending pending = store.get(record.key());
            if (pending == null) {
                return;
            }
            for (EnrichedPost p : pending.posts()) {
                EnrichedPost again = new EnrichedPost(p.schemaVersion(), p.postId(), p.authorId(), p.scored(), a.communityId(),
                        a.communityLabel(), a.confidence(), author.profile() != null ? author.profile() : p.profile());
                RecordHeaders headers = new RecordHeaders();
                headers.add(HEADER, "true".getBytes(StandardCharsets.UTF_8));
                context.forward(new Record<>(p.postId(), again, record.timestamp(), headers));
            }
            store.delete(record.key());
        }
    }
}
