package io.chorus.community;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@code chorus communities} (batch mode) isolates a bad profile: a bio of invisible characters is
 * assigned from the name, a profile the embedder fails on gets its own error line with the reason, and every
 * other line is assigned.
 */
class PoisonProfileBatchTest {

    static String line(String userId, String name, String bio) {
        return "{\"schemaVersion\":1,\"userId\":\"" + userId + "\",\"name\":\"" + name + "\",\"bio\":\"" + bio + "\"}";
    }

    @Test
    void aBioOfInvisibleCharactersDoesNotFailTheFile() throws IOException {
        String input = String.join("\n", line("u1", "Ann", "Console gamer and esports fan."),
                line("u2", "Chess Club Paris", "\\u2062\\u2062\\u2062\\u2062\\u2062"),
                line("u3", "Bob", "Dividend investor and index funds fan."));
        StringWriter out = new StringWriter();

        BatchCommunities.Result result = new BatchCommunities(BatchCommunitiesTest.assigner(new StrictEmbedder()), 64)
                .run(new BufferedReader(new StringReader(input)), out, (n, e) -> { });

        List<JsonNode> lines = BatchCommunitiesTest.parse(out.toString());
        assertThat(lines).extracting(l -> l.path("userId").asText()).containsExactly("u1", "u2", "u3");
        assertThat(lines).allSatisfy(l -> assertThat(l.has("communityId")).isTrue());
        assertThat(result.assigned()).isEqualTo(3);
    }

    @Test
    void aProfileTheEmbedderFailsOnGetsItsOwnErrorLine() throws IOException {
        String input = String.join("\n", line("u1", "Ann", "Console gamer and esports fan."),
                line("u2", "Eve", "this bio makes the model go " + StrictEmbedder.POISON),
                line("u3", "Bob", "Dividend investor and index funds fan."));
        StringWriter out = new StringWriter();
        List<Long> reported = new ArrayList<>();

        BatchCommunities.Result result = new BatchCommunities(BatchCommunitiesTest.assigner(new StrictEmbedder()), 64)
                .run(new BufferedReader(new StringReader(input)), out, (n, e) -> reported.add(n));

        List<JsonNode> lines = BatchCommunitiesTest.parse(out.toString());
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).has("communityId")).isTrue();
        assertThat(lines.get(1).get("error").get("message").asText()).contains("model failed on one input");
        assertThat(lines.get(2).has("communityId")).isTrue();
        assertThat(reported).containsExactly(2L);
        assertThat(result.assigned()).isEqualTo(2);
    }
}
