package io.chorus.community;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.cli.EvalCommunitiesCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Proves {@code chorus eval communities} scores discovery on labelled files: JSON lines with a label field (the
 * 60-bio fixture, real e5 model), following-list CSVs (label = followed account, users in two lists left out), and
 * an existing assignments file, printing NMI, ARI and the communities.
 */
class EvalCommunitiesCommandTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/community-bios.jsonl");

    @TempDir
    Path dir;

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new EvalCommunitiesCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        assertThat(code).as(out.toString()).isZero();
        return out.toString();
    }

    static double number(String report, String name) {
        Matcher m = Pattern.compile(name + " (-?[0-9.]+)").matcher(report);
        assertThat(m.find()).as(name + " in " + report).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void scoresDiscoveryOnTheLabelledFixtureWithTheRealModel() {
        String report = run("--in", FIXTURE.toString());

        System.out.print(report);
        assertThat(report).contains("Profiles: 60 labelled (5 true groups");
        assertThat(number(report, "NMI")).isGreaterThanOrEqualTo(ClusteringQualityTest.NMI_FLOOR);
        assertThat(number(report, "communities")).isBetween(2.0, 12.0);
    }

    @Test
    void readsFollowingListCsvsAndLeavesOutUsersInTwoLists() throws IOException {
        Path a = dir.resolve("TwFollow_gamesclub_following.csv");
        Path b = dir.resolve("TwFollow_fundclub_following.csv");
        String header = "name,username,userId,bio,location\n";
        Files.writeString(a, header + "Ann,ann,'1',\"Console gamer, \"\"esports\"\" fan\",Oslo\n"
                + "Cy,cy,'3',\"Speedrun\ngamer\",\n" + "Both,both,'9',Everything,\n", StandardCharsets.UTF_8);
        Files.writeString(b, header + "Bob,bob,'2',Index fund investor,\n" + "Both,both,'9',Everything,\n", StandardCharsets.UTF_8);
        Path labelled = dir.resolve("labelled.jsonl");
        Path assignments = dir.resolve("assignments.jsonl");
        Files.writeString(assignments, String.join("\n", "{\"line\":1,\"communityId\":\"c-001\",\"communityLabel\":\"games\"}",
                "{\"line\":2,\"communityId\":\"c-001\",\"communityLabel\":\"games\"}",
                "{\"line\":3,\"communityId\":\"c-002\",\"communityLabel\":\"funds\"}"));

        String report = run("--in", a.toString(), "--in", b.toString(), "--write-labelled", labelled.toString(),
                "--assignments", assignments.toString());

        assertThat(report).contains("Profiles: 3 labelled (2 true groups; 1 users with two labels left out), 3 assigned");
        assertThat(number(report, "NMI")).isEqualTo(1.0);
        assertThat(number(report, "ARI")).isEqualTo(1.0);
        List<String> lines = Files.readAllLines(labelled);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"userId\":\"1\"").contains("Console gamer, \\\"esports\\\" fan").contains("\"label\":\"gamesclub\"");
        assertThat(lines.get(1)).contains("Speedrun\\ngamer");
    }
}
