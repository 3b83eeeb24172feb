package io.chorus.community;

import io.chorus.testing.TopologyHarness;
import io.chorus.topology.ChorusTopology;
import io.chorus.topology.TopologyDeps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.async.GatewaySettings;
import io.chorus.async.ModelGateway;
import io.chorus.config.ChorusConfig;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.Profile;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.FakeChatClient;
import io.chorus.testing.FakeScorer;
import io.chorus.testing.KeywordEmbedder;
import io.chorus.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves communities.method=llm in the stream: the single writer asks the model once to name the communities of the
 * waiting profiles (off the stream thread), then assigns every profile to the nearest named community; while the
 * model fails, profiles wait instead of being clustered some other way.
 */
class LlmCommunitiesTopologyTest {

    private static final String ANSWER = "{\"communities\":[{\"name\":\"gamers\",\"description\":\"people who play video games\","
            + "\"exampleBios\":[\"gaming every night\",\"game streamer\"]},{\"name\":\"investors\",\"description\":\"people who invest in stocks and funds\","
            + "\"exampleBios\":[\"index fund investor\",\"stock market watcher\"]}]}";

    private TopologyTestDriver driver;
    private ModelGateway gateway;
    private TestInputTopic<String, Profile> profiles;
    private TestOutputTopic<String, CommunityAssignment> assignments;

    private void start(FakeChatClient client) {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.PROCESSING_GUARANTEE, "at_least_once", ChorusConfig.COMMUNITIES_METHOD, "llm",
                ChorusConfig.COMMUNITIES_BATCH_SIZE, 100, ChorusConfig.ASYNC_MAX_ATTEMPTS, 2, ChorusConfig.ASYNC_BACKOFF_INITIAL_MS, 0L,
                ChorusConfig.ASYNC_BACKOFF_MAX_MS, 0L, ChorusConfig.GENERATION_ENABLED, false, ChorusConfig.BEHAVIOR_ENABLED, false));
        Topics topics = Topics.from(config);
        gateway = new ModelGateway(client, GatewaySettings.fromConfig(config), new SimpleMeterRegistry());
        TopologyDeps deps = new TopologyDeps(FakeScorer.keywords(), Clock.systemUTC(), gateway).withCommunities(new KeywordEmbedder(), List.of());
        driver = new TopologyTestDriver(ChorusTopology.build(config, deps), TopologyHarness.properties(config));
        profiles = driver.createInputTopic(topics.profiles.name(), new StringSerializer(), JsonSerde.of(Profile.class).serializer());
        assignments = driver.createOutputTopic(topics.assignments.name(), new StringDeserializer(), JsonSerde.of(CommunityAssignment.class).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
        gateway.close();
    }

    private void people() {
        profiles.pipeInput("u1", new Profile(1, "u1", "A", "@a", "I love video games", "Town", null));
        profiles.pipeInput("u2", new Profile(1, "u2", "B", "@b", "streamer and gamer", "Town", null));
        profiles.pipeInput("u3", new Profile(1, "u3", "C", "@c", "I invest in index funds", "Town", null));
    }

    @Test
    void theModelNamesTheCommunitiesAndEveryProfileJoinsTheNearest() {
        FakeChatClient client = new FakeChatClient((r, n) -> ANSWER);
        start(client);
        people();
        driver.advanceWallClockTime(Duration.ofSeconds(1));          // the writer asks the model
        await().until(() -> client.requestCount() == 1 && gateway.inFlight() == 0);
        driver.advanceWallClockTime(Duration.ofSeconds(1));          // and assigns once it answered

        Map<String, String> labels = assignments.readKeyValuesToList().stream()
                .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value.communityLabel(), (a, b) -> b));
        assertThat(labels).containsEntry("u1", "gamers").containsEntry("u2", "gamers").containsEntry("u3", "investors");
        assertThat(client.requests().get(0).user()).contains("{\"profiles\":[").contains("I invest in index funds");
        assertThat(client.requests().get(0).system()).doesNotContain("index funds");
    }

    @Test
    void whileTheModelFailsProfilesWaitAndAreAssignedOnceItAnswers() {
        FakeChatClient client = new FakeChatClient((r, n) -> n <= 2 ? "not json" : ANSWER);
        start(client);
        people();
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        await().until(() -> client.requestCount() == 2 && gateway.inFlight() == 0);   // two attempts, both refused
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(assignments.isEmpty()).as("nobody assigned while the model fails").isTrue();

        driver.advanceWallClockTime(Duration.ofMillis(AssignCommunities.DISCOVERY_RETRY_MS));
        await().until(() -> client.requestCount() == 3 && gateway.inFlight() == 0);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(assignments.readKeyValuesToList()).extracting(kv -> kv.value.communityLabel())
                .containsExactlyInAnyOrder("gamers", "gamers", "investors");
    }
}
