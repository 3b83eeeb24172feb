package io.chorus.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.cli.ChorusCli;
import io.chorus.config.ChorusConfig;
import io.chorus.model.Post;
import io.chorus.model.Profile;
import io.chorus.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that the real tweet and profile exports (an excerpt in test resources) map faithfully to Chorus posts and
 * profiles that Chorus's own serde accepts, and that every row that cannot be mapped is reported with its file and
 * line and counted, never dropped.
 */
class ExportImportTest {

    /** The stream's own value deserializers, with the default limits. */
    private static final Topics TOPICS = Topics.from(new ChorusConfig(Map.of()));
    private static final Deserializer<Post> POST = TOPICS.posts.valueSerde().deserializer();
    private static final Deserializer<Profile> PROFILE = TOPICS.profiles.valueSerde().deserializer();

    @TempDir
    Path tmp;

    @Test
    void readsEveryRowOfTheRealTweetExportsWithoutABadRow() throws Exception {
        ImportResult result = TweetExports.read(files("TwExportly_"), null);
        assertThat(result.badRows()).isEmpty();
        assertThat(result.rows()).isEqualTo(166).isEqualTo(result.records().size());
        assertThat(result.kinds()).containsKeys("Tweet", "Reply", "Retweet");
        assertThat(result.records()).allSatisfy(r -> assertThat(POST.deserialize(TOPICS.posts.name(), r.value()).authorId()).isEqualTo(r.key()));
    }

    @Test
    void takesTheAuthorFromTheFileNameAndStripsApostrophesFromIds() throws Exception {
        List<Post> posts = posts(TweetExports.read(List.of(file("TwExportly_deepseek_ai_tweets_2025_01_30.csv")), null));
        assertThat(posts).allSatisfy(p -> {
            assertThat(p.authorId()).isEqualTo("deepseek_ai");
            assertThat(p.id()).containsOnlyDigits();
        });
        assertThat(posts).extracting(Post::id).contains("1884107683130925399");
    }

    @Test
    void keepsMultiLineTextAndEmojiExactlyAndReadsCreatedAtAsUtc() throws Exception {
        List<Post> posts = posts(TweetExports.read(files("TwExportly_"), null));
        assertThat(posts).anySatisfy(p -> assertThat(p.text()).contains("\n"));
        assertThat(posts).anySatisfy(p -> assertThat(p.text().codePoints().anyMatch(c -> c > 0xFFFF)).isTrue());
        Post first = posts(TweetExports.read(List.of(file("TwExportly_MadameWeb_tweets_2024_03_03.csv")), null)).get(0);
        assertThat(first.id()).isEqualTo("1758250330997821923");
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2024-02-15T17:02:00Z"));
        assertThat(first.text()).startsWith("More than co-workers, the #MadameWeb trio").contains("\uD83E\uDEF6");
    }

    @Test
    void mapsPseudoLanguageCodesToNoLanguageAndCountsThem() throws Exception {
        ImportResult result = TweetExports.read(files("TwExportly_"), null);
        assertThat(result.notes().keySet()).anyMatch(k -> k.startsWith("language qme")).anyMatch(k -> k.startsWith("language und"));
        assertThat(posts(result)).extracting(Post::lang).doesNotContain("und", "zxx", "qme", "qam", "art").contains("en").containsNull();
        assertThat(TweetExports.language("in", new java.util.HashMap<>())).isEqualTo("id");
    }

    @Test
    void turnsPhotoUrlsIntoImages() throws Exception {
        List<Post> posts = posts(TweetExports.read(files("TwExportly_"), null));
        assertThat(posts).anySatisfy(p -> assertThat(p.images()).hasSizeGreaterThan(1)
                .allSatisfy(i -> assertThat(i.url()).startsWith("https://pbs.twimg.com/")));
    }

    @Test
    void readsEveryRealProfileKeepingBiosExactlyAndEmptyFieldsAbsent() throws Exception {
        ImportResult result = ProfileExports.read(files("TwFollow_"));
        assertThat(result.badRows()).isEmpty();
        assertThat(result.rows()).isEqualTo(76).isEqualTo(result.records().size());
        List<Profile> profiles = result.records().stream().map(r -> PROFILE.deserialize(TOPICS.profiles.name(), r.value())).toList();
        assertThat(profiles).allSatisfy(p -> assertThat(p.userId()).containsOnlyDigits().doesNotContain("'"));
        assertThat(result.records()).allSatisfy(r -> assertThat(PROFILE.deserialize(TOPICS.profiles.name(), r.value()).userId()).isEqualTo(r.key()));
        assertThat(profiles).anySatisfy(p -> assertThat(p.bio()).isNull());
        assertThat(profiles).anySatisfy(p -> assertThat(p.location()).isNull());
        assertThat(profiles).anySatisfy(p -> assertThat(p.bio()).contains("\uD835\uDE9B")); // styled letters kept
        assertThat(profiles).anySatisfy(p -> assertThat(p.bio()).contains("\u200D")); // zero-width joiner kept
        assertThat(profiles).allSatisfy(p -> assertThat(p.handle()).startsWith("@"));
    }

    @Test
    void reportsEveryBadRowWithItsFileAndLineAndMapsTheRest() throws IOException {
        Path f = tmp.resolve("TwExportly_someone_tweets_2024_01_01.csv");
        Files.writeString(f, "tweet_id,text,language,type,created_at\n"
                + "'1',\"fine\nand multi-line\",en,Tweet,2024-01-01 10:00:00\n"
                + "abc,not an id,en,Tweet,2024-01-01 10:00:00\n"
                + "2,bad date,en,Tweet,01/02/2024\n"
                + "3,too,many,fields,2024-01-01 10:00:00,extra\n"
                + "4,fine again,und,Reply,2024-01-01 10:00:01\n", StandardCharsets.UTF_8);
        ImportResult result = TweetExports.read(List.of(f), null);
        assertThat(result.rows()).isEqualTo(5);
        assertThat(result.records()).extracting(ImportedRecord::line).containsExactly(2L, 7L);
        assertThat(result.badRows()).extracting(BadRow::line).containsExactly(4L, 5L, 6L);
        assertThat(result.badRows()).allSatisfy(b -> assertThat(b.file()).isEqualTo(f.toString()));
        assertThat(result.badRows().get(0).reason()).contains("tweet_id");
        assertThat(result.badRows().get(1).reason()).contains("created_at");
        assertThat(result.badRows().get(2).reason()).contains("fields");
    }

    @Test
    void reportsAnUnterminatedQuoteAndInvalidUtf8AsBadRows() throws IOException {
        Path quote = tmp.resolve("TwExportly_a_tweets.csv");
        Files.writeString(quote, "tweet_id,text,created_at\n1,ok,2024-01-01 10:00:00\n2,\"never closed,2024-01-01 10:00:00\n");
        ImportResult q = TweetExports.read(List.of(quote), null);
        assertThat(q.records()).hasSize(1);
        assertThat(q.badRows()).singleElement().satisfies(b -> assertThat(b.line()).isEqualTo(3));

        Path bytes = tmp.resolve("TwExportly_b_tweets.csv");
        Files.write(bytes, concat("tweet_id,text,created_at\n1,ok,2024-01-01 10:00:00\n2,".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, 0x28}, ",2024-01-01 10:00:00\n".getBytes(StandardCharsets.UTF_8)));
        ImportResult b = TweetExports.read(List.of(bytes), null);
        assertThat(b.badRows()).singleElement().satisfies(r -> assertThat(r.reason()).contains("UTF-8"));
        assertThat(b.rows()).isEqualTo(b.records().size() + b.badRows().size());
    }

    @Test
    void refusesAFileThatIsNotATweetExport() throws Exception {
        ImportResult result = TweetExports.read(List.of(file("TwFollow_yalesom_following.csv")), "someone");
        assertThat(result.records()).isEmpty();
        assertThat(result.badRows()).singleElement().satisfies(b -> assertThat(b.reason()).contains("tweet_id"));
    }

    @Test
    void dryRunPrintsTheSummaryAndProducesNothing() throws Exception {
        StringWriter out = new StringWriter();
        var cli = ChorusCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        List<String> args = new java.util.ArrayList<>(List.of("import", "tweets", "--dry-run", "--bootstrap", "127.0.0.1:1"));
        for (Path f : files("TwExportly_")) {
            args.addAll(List.of("--file", f.toString()));
        }
        int exit = cli.execute(args.toArray(String[]::new));
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("166 records, 0 bad rows").contains("Dry run: nothing produced");
    }

    @Test
    void exitsNonZeroAndProducesNothingWhenRowsAreBad() throws IOException {
        Path f = tmp.resolve("TwExportly_x_tweets.csv");
        Files.writeString(f, "tweet_id,text,created_at\nnope,text,2024-01-01 10:00:00\n");
        StringWriter out = new StringWriter();
        var cli = ChorusCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute("import", "tweets", "--file", f.toString(), "--bootstrap", "127.0.0.1:1");
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains(f + ":2:").contains("Nothing produced");
    }

    private static List<Post> posts(ImportResult result) {
        return result.records().stream().map(r -> POST.deserialize(TOPICS.posts.name(), r.value())).toList();
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static Path fixtures() throws URISyntaxException {
        return Path.of(ExportImportTest.class.getResource("/real-exports/README.md").toURI()).getParent();
    }

    private static Path file(String name) throws URISyntaxException {
        return fixtures().resolve(name);
    }

    private static List<Path> files(String prefix) throws Exception {
        try (Stream<Path> s = Files.list(fixtures())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

}
