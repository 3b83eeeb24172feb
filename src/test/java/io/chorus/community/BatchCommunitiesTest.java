package io.chorus.community;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.cli.CommunitiesCommand;
import io.chorus.serde.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Proves batch mode writes exactly one line per input line, in order, with errors for invalid lines, embeds in
 * batches with the stream's assigner, names communities as they ended up (after merges), and, with the real
 * model through {@code chorus communities}, finds the sample's five communities of 25.
 */
class BatchCommunitiesTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static String profileLine(String userId, String bio) {
        return "{\"schemaVersion\":1,\"userId\":\"" + userId + "\",\"name\":\"N\",\"bio\":\"" + bio + "\"}";
    }

    static List<JsonNode> parse(String jsonLines) {
        return jsonLines.lines().map(line -> {
            try {
                return Json.mapper().readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    static LocalCommunityAssigner assigner(ProfileEmbedder embedder) {
        return LocalCommunityAssigner.create(embedder, CommunityModel.Settings.defaults(), List.of(), CLOCK);
    }

    @Test
    void writesOneLinePerInputLineWithAnErrorForEachInvalidLine() throws IOException {
        String input = String.join("\n",
                profileLine("u1", "Console gamer and esports fan."),
                "{\"schemaVersion\":1,\"name\":\"no id\",\"bio\":\"Dividend investor.\"}",
                "not json",
                "",
                profileLine("u2", "Dividend investor and index funds fan."));
        StringWriter out = new StringWriter();
        List<Long> reported = new ArrayList<>();

        BatchCommunities.Result result = new BatchCommunities(assigner(new FakeEmbedder()), 64)
                .run(new BufferedReader(new StringReader(input)), out, (line, error) -> reported.add(line));

        List<JsonNode> lines = parse(out.toString());
        assertThat(lines).extracting(l -> l.get("line").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(lines.get(0).get("userId").asText()).isEqualTo("u1");
        assertThat(lines.get(0).get("communityId").asText()).isEqualTo("c-001");
        assertThat(lines.get(0).get("communityLabel").asText()).isNotBlank();
        assertThat(lines.get(0).get("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(lines.get(1).get("error").get("reason").asText()).isEqualTo("MISSING_FIELD");
        assertThat(lines.get(1).get("error").get("message").asText()).contains("userId");
        assertThat(lines.get(2).get("error").get("reason").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(lines.get(3).get("error").get("reason").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(lines.get(4).get("userId").asText()).isEqualTo("u2");
        assertThat(reported).containsExactly(2L, 3L, 4L);
        assertThat(result.lines()).isEqualTo(5);
        assertThat(result.assigned()).isEqualTo(2);
        assertThat(result.invalid()).isEqualTo(3);
        assertThat(result.communities()).isNotEmpty();
    }

    @Test
    void embedsInBatchesButAssignsInInputOrder() throws IOException {
        FakeEmbedder embedder = new FakeEmbedder();
        String input = String.join("\n", profileLine("a", "Console gamer."), profileLine("b", "Esports gamer."),
                profileLine("c", "Dividend investor."), profileLine("d", "Index funds investor."), profileLine("e", "Speedrun gamer."));
        StringWriter out = new StringWriter();

        new BatchCommunities(assigner(embedder), 2).run(new BufferedReader(new StringReader(input)), out, (line, error) -> { });

        assertThat(embedder.calls).extracting(List::size).containsExactly(2, 2, 1);
        assertThat(parse(out.toString())).extracting(l -> l.get("userId").asText()).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void everyLineNamesTheCommunityItEndedInAfterAMerge() throws IOException {
        // bios are angles ("N. 73": name, then bio); the same sequence as StableIdsTest: c-002 (73°) drifts and merges into c-001
        ProfileEmbedder angles = new ProfileEmbedder() {
            @Override
            public float[][] embed(List<String> texts) {
                return texts.stream().map(t -> StableIdsTest.angle(Double.parseDouble(t.substring(t.lastIndexOf(' ') + 1))))
                        .toArray(float[][]::new);
            }

            @Override
            public int dimensions() {
                return 4;
            }
        };
        String input = String.join("\n", profileLine("u1", "0"), profileLine("u2", "73"), profileLine("u3", "50"),
                profileLine("u4", "50"), profileLine("u5", "45"));
        StringWriter out = new StringWriter();

        BatchCommunities.Result result = new BatchCommunities(assigner(angles), 64)
                .run(new BufferedReader(new StringReader(input)), out, (line, error) -> { });

        assertThat(parse(out.toString())).extracting(l -> l.get("communityId").asText()).containsOnly("c-001");
        assertThat(result.communities()).extracting(c -> c.id() + "=" + c.size()).containsExactly("c-001=5");
    }

    @Test
    void communitiesCommandFindsTheSampleFiveCommunitiesOf25WithTheRealModel() throws IOException {
        Path out = dir.resolve("assignments.jsonl");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CommunitiesCommand());
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("--in", "src/main/resources/sample/profiles.jsonl", "--out", out.toString());

        System.out.print(err);
        assertThat(code).isZero();
        List<JsonNode> lines = parse(Files.readString(out));
        assertThat(lines).hasSize(125);
        Map<String, Long> sizes = lines.stream().collect(Collectors.groupingBy(l -> l.get("communityId").asText(), Collectors.counting()));
        assertThat(sizes.values()).containsExactly(25L, 25L, 25L, 25L, 25L);
        assertThat(err.toString()).contains("ID").contains("SIZE").contains("LABEL").contains("Throughput:").contains("profiles/s");
        Map<String, String> labelById = lines.stream().collect(Collectors.toMap(l -> l.get("communityId").asText(),
                l -> l.get("communityLabel").asText(), (a, b) -> a));
        assertThat(labelById.values()).allSatisfy(label -> assertThat(label.split(" · ")).hasSize(3));
        assertThat(Arrays.stream(err.toString().split("\n")).filter(l -> l.matches("c-\\d{3} .*")).map(Function.identity()))
                .hasSize(5);
    }
}
