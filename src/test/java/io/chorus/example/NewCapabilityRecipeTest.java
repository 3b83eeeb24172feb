package io.chorus.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.async.GatewaySettings;
import io.chorus.async.ModelAnswer;
import io.chorus.async.ModelGateway;
import io.chorus.async.ModelTask;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import io.chorus.model.Post;
import io.chorus.model.ScoredPost;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeChatClient;
import io.chorus.testing.FakeScorer;
import io.chorus.topics.Topics;
import io.chorus.topology.ChorusTopology;
import io.chorus.stage.Port;
import io.chorus.stage.Ports;
import io.chorus.stage.Stage;
import io.chorus.stage.StageContext;
import io.chorus.topology.TopologyDeps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "add a capability" recipe of docs/ARCHITECTURE.md, done: a per-post model capability (the post's language, as
 * the model names it) written in its own package as one {@link Stage} and one {@link ModelTask}, added to the stage
 * list, and run through the async processor with nothing else edited.
 */
class NewCapabilityRecipeTest {

    static final String TOPIC = "example.posts.language";

    /** The model call: the post's text as data, a language code back. */
    record LanguageTask() implements ModelTask<ScoredPost, String> {
        @Override
        public String use() {
            return "language";
        }

        @Override
        public String promptVersion() {
            return "v1";
        }

        @Override
        public String inputId(ScoredPost value) {
            return value.postId();
        }

        @Override
        public Class<ScoredPost> inputType() {
            return ScoredPost.class;
        }

        @Override
        public ChatRequest prepare(ScoredPost value) {
            return new ChatRequest("Name the language of the post in the data line as an ISO 639-1 code.",
                    "data: " + io.chorus.serde.Json.mapper().valueToTree(Map.of("text", value.post().text())), List.of(), false, 4);
        }

        @Override
        public String complete(ScoredPost value, ModelAnswer answer) throws ModelCallException {
            String code = answer.text().trim().toLowerCase(java.util.Locale.ROOT);
            if (!code.matches("[a-z]{2}")) {
                throw new ModelCallException(ModelCallException.Kind.UNPARSEABLE_ANSWER, "not a language code: " + code);
            }
            return value.postId() + ":" + code;
        }
    }

    /** The stage: reads the scored posts, asks the model, writes the answers. */
    static final class LanguageStage implements Stage {
        @Override
        public String name() {
            return "language";
        }

        @Override
        public boolean enabled(ChorusConfig config) {
            return true;
        }

        @Override
        public boolean usesModel(ChorusConfig config) {
            return true;
        }

        @Override
        public List<Port<?>> needs() {
            return List.of(Ports.SCORED);
        }

        @Override
        public void attach(StageContext context) {
            context.onModel(context.get(Ports.SCORED), "the language stage", gateway -> new LanguageTask())
                    .to(TOPIC, Produced.with(Serdes.String(), Serdes.String()).withName("language-sink"));
        }
    }

    @TempDir
    Path stateDir;

    @Test
    void aNewModelStageIsOneClassAndOneLineInTheStageList() {
        FakeChatClient client = new FakeChatClient((request, attempt) -> request.user().contains("bonjour") ? "fr" : "en");
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.STATE_DIR, stateDir.toString()));
        List<Stage> stages = new ArrayList<>(ChorusTopology.STAGES);
        stages.add(new LanguageStage());
        try (ModelGateway gateway = new ModelGateway(client, GatewaySettings.fromConfig(config), new SimpleMeterRegistry());
             TopologyTestDriver driver = new TopologyTestDriver(ChorusTopology.build(config,
                     new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC(), gateway), stages), ChorusTopology.streamsProperties(config))) {
            Topics topics = Topics.from(config);
            var posts = driver.createInputTopic(topics.posts.name(), new StringSerializer(), JsonSerde.of(Post.class).serializer());
            var languages = driver.createOutputTopic(TOPIC, new StringDeserializer(), new StringDeserializer());
            Instant at = Instant.parse("2026-11-01T08:00:00Z");
            posts.pipeInput("alice", new Post(1, "p-1", "alice", "bonjour tout le monde", at, null, List.of(), null));
            posts.pipeInput("bob", new Post(1, "p-2", "bob", "good morning everyone", at, null, List.of(), null));
            List<String> out = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                driver.advanceWallClockTime(Duration.ofMillis(100));
                out.addAll(languages.readValuesToList());
                return out.size() == 2;
            });
            assertThat(out).containsExactlyInAnyOrder("p-1:fr", "p-2:en");
            // the shared response cache was added because a stage uses the model, without anyone saying so
            assertThat(ChorusTopology.build(config, new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC(), gateway), stages)
                    .describe().toString()).contains("llm-cache-store");
        }
    }
}
