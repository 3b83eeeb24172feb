package io.chorus.imports;

import io.chorus.model.Profile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/**
 * Profile exports ({@code TwFollow_<account>_following.csv}: {@code name}, {@code username}, {@code userId},
 * {@code bio}, {@code location}, {@code avatar_url}, counts, ...) mapped to {@link Profile}s keyed by user id.
 * Names and bios are kept exactly (emoji, styled letters, invisible characters, newlines): what to do with them is
 * the pipeline's job, and it must be tested on them as they are. Empty fields become absent values; the handle is
 * {@code @username}.
 */
public final class ProfileExports implements ExportReader.RowMapper {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,30}");

    /** Reads profile exports; see the class comment for the mapping. */
    public static ImportResult read(List<Path> files) {
        return new ExportReader(new ProfileExports()).read(files);
    }

    @Override
    public List<String> requiredColumns() {
        return List.of("userId", "username");
    }

    @Override
    public ExportReader.Mapped map(CSVRecord row, Path file, Map<String, Long> notes) throws RowException {
        String raw = ExportReader.column(row, "userId");
        String userId = ExportReader.unquoteId(raw);
        if (!DIGITS.matcher(userId).matches()) {
            throw new RowException("column userId is '" + TweetExports.abbreviate(raw) + "', not a user id (digits)");
        }
        String username = ExportReader.column(row, "username").strip();
        String bio = ExportReader.emptyToNull(ExportReader.column(row, "bio"));
        if (bio == null) {
            notes.merge("empty bio", 1L, Long::sum);
        }
        return new ExportReader.Mapped(userId, new Profile(Profile.SCHEMA_VERSION, userId,
                ExportReader.emptyToNull(ExportReader.column(row, "name")), username.isEmpty() ? null : "@" + username, bio,
                ExportReader.emptyToNull(ExportReader.column(row, "location")),
                ExportReader.emptyToNull(ExportReader.column(row, "avatar_url"))), "profile");
    }
}
