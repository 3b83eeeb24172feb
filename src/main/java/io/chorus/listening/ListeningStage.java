package io.chorus.listening;

import io.chorus.config.ChorusConfig;
import io.chorus.model.EnrichedPost;
import io.chorus.model.SentimentAlert;
import io.chorus.model.TrendReport;
import io.chorus.serde.JsonSerde;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import io.chorus.stage.Port;
import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Social listening: sentiment-shift alerts and trending terms per community (and over all posts), from the enriched
 * posts. Posts are re-keyed by community (and, with {@code alerts.overall}, once more under {@value ListeningSettings#ALL})
 * into the {@code listening-by-community} repartition topic, judged by {@code listening-detect}, and written to the
 * compacted {@code chorus.alerts} (key: alert id) and {@code chorus.trends} (key: community@window) topics. The stores
 * {@value #ALERTS_STORE} and {@value #TRENDS_STORE} answer {@code /api/alerts} and {@code /api/trends}.
 */
public final class ListeningStage implements Stage {

    public static final String STATE_STORE = "listening-state";
    public static final String ALERTS_STORE = "listening-alerts";
    public static final String TRENDS_STORE = "listening-trends";

    @Override
    public String name() {
        return "listening";
    }

    @Override
    public boolean enabled(ChorusConfig config) {
        return config.getBoolean(ChorusConfig.LISTENING_ENABLED);
    }

    @Override
    public List<Port<?>> needs() {
        return List.of(Ports.ENRICHED_BY_AUTHOR);
    }

    @Override
    public void attach(StageContext context) {
        attach(context.builder(), context.get(Ports.ENRICHED_BY_AUTHOR), context.config(), context.topics());
    }

    public static void attach(StreamsBuilder builder, KStream<String, EnrichedPost> enrichedByAuthor, ChorusConfig config, Topics topics) {
        ListeningSettings settings = ListeningSettings.fromConfig(config);
        JsonSerde<SentimentAlert> alertSerde = JsonSerde.of(SentimentAlert.class);
        JsonSerde<TrendReport> trendSerde = JsonSerde.of(TrendReport.class);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(),
                JsonSerde.of(CommunityListening.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERTS_STORE), Serdes.String(), alertSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRENDS_STORE), Serdes.String(),
                JsonSerde.of(TrendHistory.class)));

        boolean overall = settings.overall();
        var events = enrichedByAuthor
                .flatMap((authorId, post) -> {
                    List<KeyValue<String, EnrichedPost>> out = new ArrayList<>(2);
                    out.add(KeyValue.pair(post.communityId(), post));
                    if (overall) {
                        out.add(KeyValue.pair(ListeningSettings.ALL, post));
                    }
                    return out;
                }, Named.as("listening-key-by-community"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(EnrichedPost.class)).withName("listening-by-community"))
                .process(() -> new ListenProcessor(settings, STATE_STORE, ALERTS_STORE, TRENDS_STORE), Named.as("listening-detect"),
                        STATE_STORE, ALERTS_STORE, TRENDS_STORE)
                .split(Named.as("listening-events-"))
                .branch((k, v) -> v instanceof ListeningEvent.Alert, Branched.as("alerts"))
                .defaultBranch(Branched.as("trends"));
        events.get("listening-events-alerts")
                .mapValues(v -> ((ListeningEvent.Alert) v).alert(), Named.as("listening-alert-value"))
                .to(topics.name(TopicId.ALERTS), Produced.with(Serdes.String(), alertSerde).withName("alerts-sink"));
        events.get("listening-events-trends")
                .mapValues(v -> ((ListeningEvent.Trends) v).report(), Named.as("listening-trend-value"))
                .to(topics.name(TopicId.TRENDS), Produced.with(Serdes.String(), trendSerde).withName("trends-sink"));
    }
}
