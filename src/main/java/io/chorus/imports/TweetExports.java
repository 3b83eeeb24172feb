package io.chorus.imports;

import io.chorus.model.ImageRef;
import io.chorus.model.Post;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/**
 * Tweet exports as the export tools write them ({@code TwExportly_<account>_tweets_<date>.csv}: {@code tweet_id},
 * {@code text}, {@code language}, {@code type}, counts, {@code created_at}, {@code media_type}, {@code media_urls}, ...)
 * mapped to {@link Post}s keyed by author id.
 *
 * <p>Mapping, faithful to the data: the text is kept byte for byte (newlines, emoji, links, "RT @" prefixes); ids
 * lose the apostrophes some exports wrap them in; {@code created_at} is UTC; photo URLs become images. Twitter's
 * pseudo language codes are not languages ({@code und} undetermined, {@code zxx} no text, {@code qme} media only,
 * {@code qam} mentions only, {@code qht} hashtags only, {@code qct} cashtags only, {@code art} emoji or symbols only)
 * and become no language; the legacy codes {@code in}, {@code iw}, {@code ji} become {@code id}, {@code he},
 * {@code yi}. Every such change is counted in the import summary. The files carry no reply-to ids, so
 * {@code replyTo} stays empty; replies, retweets and quotes are posts of the account like any other.
 */
public final class TweetExports implements ExportReader.RowMapper {

    static final Set<String> PSEUDO_LANGUAGES = Set.of("und", "zxx", "qme", "qam", "qht", "qct", "art");
    static final Map<String, String> LEGACY_LANGUAGES = Map.of("in", "id", "iw", "he", "ji", "yi");
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final Pattern FILE_NAME = Pattern.compile("(?i)^TwExportly_(.+)_tweets(?:_[0-9_]+)?\\.csv$");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,30}");

    private final String authorOverride;

    /** @param authorId the author id for every row, or null to take the account from each file's name */
    public TweetExports(String authorId) {
        this.authorOverride = authorId == null || authorId.isBlank() ? null : authorId.strip();
    }

    /** Reads tweet exports; see the class comment for the mapping. */
    public static ImportResult read(List<Path> files, String authorId) {
        return new ExportReader(new TweetExports(authorId)).read(files);
    }

    /** The account in an export's file name, or null when the name does not follow the export tool's pattern. */
    public static String accountOf(Path file) {
        Matcher m = FILE_NAME.matcher(file.getFileName().toString());
        return m.matches() ? m.group(1) : null;
    }

    @Override
    public List<String> requiredColumns() {
        return List.of("tweet_id", "text", "created_at");
    }

    @Override
    public ExportReader.Mapped map(CSVRecord row, Path file, Map<String, Long> notes) throws RowException {
        String author = authorOverride != null ? authorOverride : accountOf(file);
        if (author == null) {
            throw new RowException("no author id: the file name " + file.getFileName()
                    + " is not TwExportly_<account>_tweets_<date>.csv; give the author with --author-id");
        }
        String id = ExportReader.unquoteId(ExportReader.column(row, "tweet_id"));
        if (!DIGITS.matcher(id).matches()) {
            throw new RowException("column tweet_id is '" + abbreviate(ExportReader.column(row, "tweet_id")) + "', not a tweet id (digits)");
        }
        String createdText = ExportReader.column(row, "created_at").strip();
        java.time.Instant createdAt;
        try {
            createdAt = LocalDateTime.parse(createdText, CREATED_AT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new RowException("column created_at is '" + abbreviate(createdText) + "', not YYYY-MM-DD HH:MM:SS (UTC)");
        }
        String text = ExportReader.column(row, "text");
        String type = ExportReader.column(row, "type").strip();
        return new ExportReader.Mapped(author, new Post(Post.SCHEMA_VERSION, id, author, text, createdAt,
                language(ExportReader.column(row, "language"), notes), images(row), null), type.isEmpty() ? "Tweet" : type);
    }

    static String language(String raw, Map<String, Long> notes) {
        String code = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (code.isEmpty()) {
            return null;
        }
        if (PSEUDO_LANGUAGES.contains(code)) {
            notes.merge("language " + code + " (not a language) -> none", 1L, Long::sum);
            return null;
        }
        String modern = LEGACY_LANGUAGES.get(code);
        if (modern != null) {
            notes.merge("language " + code + " -> " + modern, 1L, Long::sum);
            return modern;
        }
        return code;
    }

    /** Photos (and GIF/video thumbnails are not images of the post, so only {@code photo} media) as image references. */
    private static List<ImageRef> images(CSVRecord row) {
        if (!"photo".equalsIgnoreCase(ExportReader.column(row, "media_type").strip())) {
            return List.of();
        }
        List<ImageRef> images = new ArrayList<>();
        for (String url : ExportReader.column(row, "media_urls").split(",")) {
            if (!url.isBlank()) {
                images.add(new ImageRef(url.strip(), null));
            }
        }
        return images;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
