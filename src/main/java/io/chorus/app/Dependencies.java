package io.chorus.app;

import io.chorus.async.GatewaySettings;
import io.chorus.async.ModelGateway;
import io.chorus.community.OnnxProfileEmbedder;
import io.chorus.community.OperatorCommunities;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.openai.OpenAiChatClient;
import io.chorus.llm.openai.OpenAiImageClient;
import io.chorus.llm.openai.OpenAiSpeechClient;
import io.chorus.media.MediaDeps;
import io.chorus.media.MediaStage;
import io.chorus.media.MediaStore;
import io.chorus.media.StoringMediaClient;
import io.chorus.sentiment.SentimentScorer;
import io.chorus.sentiment.SentimentScorers;
import io.chorus.topology.TopologyDeps;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Builds the real dependencies of the topology from configuration: the edge where implementations are chosen.
 * Owns what it creates (the model gateway's threads, the embedding model); close it after the streams.
 */
public final class Dependencies implements AutoCloseable {

    private final TopologyDeps deps;
    private final PrometheusMeterRegistry registry;

    private Dependencies(TopologyDeps deps, PrometheusMeterRegistry registry) {
        this.deps = deps;
        this.registry = registry;
    }

    public static Dependencies open(ChorusConfig config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ModelGateway gateway = needsModel(config)
                ? new ModelGateway(OpenAiChatClient.fromConfig(config), GatewaySettings.fromConfig(config), registry)
                : null;
        TopologyDeps deps = new TopologyDeps(scorer(config), Clock.systemUTC(), gateway).withMedia(media(config, registry));
        if (config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED)) {
            OnnxProfileEmbedder embedder = new OnnxProfileEmbedder(
                    OnnxProfileEmbedder.Model.named(config.getString(ChorusConfig.COMMUNITIES_EMBEDDING)));
            String seedsFile = config.getString(ChorusConfig.COMMUNITIES_SEEDS_FILE);
            deps = deps.withCommunities(embedder, seedsFile.isBlank() ? List.of() : OperatorCommunities.loadSeeds(Path.of(seedsFile), embedder));
        }
        return new Dependencies(deps, registry);
    }

    /**
     * The media store on {@code media.dir}, with a gateway per media endpoint that is switched on: each is its own
     * {@link ModelGateway}, so image and speech calls have their own bounds and rate limits and never queue behind text.
     */
    public static MediaDeps media(ChorusConfig config, io.micrometer.core.instrument.MeterRegistry registry) {
        MediaStore store = MediaStage.store(config);
        ModelGateway images = "llm".equals(config.getString(ChorusConfig.MEDIA_IMAGE_MODEL))
                ? new ModelGateway(new StoringMediaClient(OpenAiImageClient.fromConfig(config), store), GatewaySettings.fromConfig(config), registry)
                : null;
        ModelGateway speech = config.getBoolean(ChorusConfig.MEDIA_SPEECH_ENABLED)
                ? new ModelGateway(new StoringMediaClient(OpenAiSpeechClient.fromConfig(config), store), GatewaySettings.fromConfig(config), registry)
                : null;
        return new MediaDeps(store, images, speech);
    }

    /** Dependencies with the VADER scorer only (benchmarks that measure the pipeline, not the scorer). */
    public static TopologyDeps localScoring() {
        return new TopologyDeps(new io.chorus.sentiment.VaderSentimentScorer(), Clock.systemUTC());
    }

    /** Dependencies for commands that only score locally (no model, no embeddings). */
    public static TopologyDeps localScoring(ChorusConfig config) {
        return new TopologyDeps(scorer(config), Clock.systemUTC());
    }

    /** The in-process scorer named by sentiment.scorer (with llm: the n-gram one, for offline estimates). */
    public static SentimentScorer scorer(ChorusConfig config) {
        return SentimentScorers.create(config.getString(ChorusConfig.SENTIMENT_SCORER), config.getString(ChorusConfig.SENTIMENT_MODEL_DIR));
    }

    static boolean needsModel(ChorusConfig config) {
        return io.chorus.topology.ChorusTopology.usesModel(config);
    }

    public TopologyDeps deps() {
        return deps;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (deps.gateway() != null) {
            deps.gateway().close();
        }
        if (deps.media() != null && deps.media().imageGateway() != null) {
            deps.media().imageGateway().close();
        }
        if (deps.media() != null && deps.media().speechGateway() != null) {
            deps.media().speechGateway().close();
        }
        registry.close();
    }
}
