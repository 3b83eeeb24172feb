package io.chorus.topology;

import io.chorus.async.ModelGateway;
import io.chorus.community.CommunityDeps;
import io.chorus.community.CommunityModel;
import io.chorus.community.ProfileEmbedder;
import io.chorus.sentiment.SentimentScorer;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What the topology needs from outside, passed in (never looked up from inside), so the CLI, the demo and the
 * tests build the same topology with real or fake dependencies.
 *
 * @param scorer      the local (in-process, fast) sentiment scorer
 * @param clock       wall clock for processing timestamps
 * @param gateway     the model endpoint for model-backed uses, or null when none is configured
 * @param communities the profile embedder and operator seeds, or null when communities are disabled
 * @param media       the media store and the image and speech endpoints ({@code app.Dependencies} builds them), or
 *                    null: offline content cards only, in {@code media.dir} when set, else under the temporary directory
 */
public record TopologyDeps(SentimentScorer scorer, Clock clock, ModelGateway gateway, CommunityDeps communities,
                           io.chorus.media.MediaDeps media) {

    public TopologyDeps {
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(clock, "clock");
    }

    public TopologyDeps(SentimentScorer scorer, Clock clock, ModelGateway gateway, CommunityDeps communities) {
        this(scorer, clock, gateway, communities, null);
    }

    public TopologyDeps(SentimentScorer scorer, Clock clock) {
        this(scorer, clock, null, null, null);
    }

    public TopologyDeps(SentimentScorer scorer, Clock clock, ModelGateway gateway) {
        this(scorer, clock, gateway, null, null);
    }

    public TopologyDeps withCommunities(ProfileEmbedder embedder, List<CommunityModel.Seed> seeds) {
        return new TopologyDeps(scorer, clock, gateway, new CommunityDeps(embedder, seeds), media);
    }

    public TopologyDeps withMedia(io.chorus.media.MediaDeps mediaDeps) {
        return new TopologyDeps(scorer, clock, gateway, communities, mediaDeps);
    }

    /** The gateway, or a clear error naming the setting that needs it. */
    public ModelGateway requireGateway(String settingThatNeedsIt) {
        if (gateway == null) {
            throw new IllegalStateException(settingThatNeedsIt + " needs a model endpoint (llm.base.url, llm.model, llm.api.key)");
        }
        return gateway;
    }

    public CommunityDeps requireCommunities() {
        if (communities == null) {
            throw new IllegalStateException("communities.enabled=true needs a profile embedder in TopologyDeps");
        }
        return communities;
    }
}
