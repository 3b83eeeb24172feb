package io.chorus.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.model.Community;
import io.chorus.model.CommunityAssignment;
import io.chorus.model.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves operator-defined communities seed the model: the shipped example file loads, seeds take the first ids
 * and discovery only adds after them, a fixed community keeps its label, and a malformed file is an error that
 * names the file and the problem.
 */
class OperatorCommunitiesTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static Profile profile(String userId, String bio) {
        return new Profile(1, userId, "Ada Lee", "@ada", bio, "York, UK", null);
    }

    @Test
    void loadsTheShippedExampleFile() {
        List<OperatorCommunities.Definition> definitions = OperatorCommunities.load(Path.of(OperatorCommunities.DEFAULT_FILE));

        assertThat(definitions).extracting(OperatorCommunities.Definition::name).containsExactly("local news readers", "book lovers");
        assertThat(definitions).allSatisfy(d -> {
            assertThat(d.fixed()).isFalse();
            assertThat(d.description()).isNotBlank();
            assertThat(d.exampleBios()).hasSizeGreaterThanOrEqualTo(3);
        });
    }

    @Test
    void seedsTakeTheFirstIdsAndDiscoveryOnlyAddsAfterThem() {
        FakeEmbedder embedder = new FakeEmbedder();
        List<CommunityModel.Seed> seeds = OperatorCommunities.loadSeeds(Path.of(OperatorCommunities.DEFAULT_FILE), embedder);
        LocalCommunityAssigner assigner = LocalCommunityAssigner.create(embedder, CommunityModel.Settings.defaults(), seeds, CLOCK);

        CommunityAssignment gamer = assigner.assign(profile("u1", "Console gamer and esports fan, speedruns every night."));

        assertThat(gamer.communityId()).isEqualTo("c-003");
        assertThat(assigner.communities()).extracting(Community::id, Community::label, Community::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple("c-001", "local news readers", 0L),
                org.assertj.core.groups.Tuple.tuple("c-002", "book lovers", 0L),
                org.assertj.core.groups.Tuple.tuple("c-003", gamer.communityLabel(), 1L));
    }

    @Test
    void aFixedCommunityKeepsItsLabelWhenMembersJoinAndANonFixedOneTakesTheirTerms() throws Exception {
        Path file = dir.resolve("communities.json");
        Files.writeString(file, """
                {"communities": [
                  {"name": "book lovers", "fixed": true, "exampleBios": ["Novels, library visits and book club nights."]},
                  {"name": "runners", "description": "Marathon training, trail running and parkrun mornings."}]}
                """);
        FakeEmbedder embedder = new FakeEmbedder();
        LocalCommunityAssigner assigner = LocalCommunityAssigner.create(embedder, CommunityModel.Settings.defaults(),
                OperatorCommunities.loadSeeds(file, embedder), CLOCK);

        CommunityAssignment reader = assigner.assign(profile("u1", "Novels and book club nights at the library."));
        CommunityAssignment runner = assigner.assign(profile("u2", "Marathon training and trail running mornings."));

        assertThat(reader.communityId()).isEqualTo("c-001");
        assertThat(reader.communityLabel()).isEqualTo("book lovers");
        assertThat(runner.communityId()).isEqualTo("c-002");
        assertThat(runner.communityLabel()).isNotEqualTo("runners").contains("marathon");
        assertThat(assigner.communities()).extracting(Community::description).element(1).asString().contains("runners");
    }

    @Test
    void aMissingFileMeansNoSeeds() {
        assertThat(OperatorCommunities.load(dir.resolve("absent.json"))).isEmpty();
    }

    @Test
    void malformedJsonIsAnErrorNamingTheFileAndPosition() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"communities\": [\n  {\"name\": \"book lovers\",,}\n]}");

        assertThatThrownBy(() -> OperatorCommunities.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid JSON at line 2");
    }

    @Test
    void anUnknownKeyIsAnErrorNamingTheEntryAndTheKey() throws Exception {
        Path file = dir.resolve("typo.json");
        Files.writeString(file, "{\"communities\": [{\"name\": \"book lovers\", \"exampleBio\": [\"Novels.\"]}]}");

        assertThatThrownBy(() -> OperatorCommunities.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("community 1")
                .hasMessageContaining("\"exampleBio\"");
    }

    @Test
    void anEntryWithNothingToEmbedIsAnError() throws Exception {
        Path file = dir.resolve("empty.json");
        Files.writeString(file, "{\"communities\": [{\"name\": \"book lovers\", \"exampleBios\": []}]}");

        assertThatThrownBy(() -> OperatorCommunities.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("\"book lovers\"")
                .hasMessageContaining("needs a \"description\" or at least one of \"exampleBios\"");
    }
}
