package io.chorus.community;

import io.chorus.model.Profile;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads profiles from a CSV export of an account's following list, as export tools write them
 * ({@code TwFollow_<account>_following.csv}: a header row, then {@code name, username, userId, ..., bio, location,
 * ...}; fields quoted with double quotes may hold commas, quotes and line breaks; the user id is wrapped in single
 * quotes so that spreadsheets keep it as text). Columns are found by header name, in any order.
 *
 * <p>The followed account is a natural, if noisy, group label for an evaluation: {@link #accountOf} takes it
 * from the file name.
 */
public final class FollowingCsv {

    private static final Pattern FILE_NAME = Pattern.compile("(?i)^TwFollow_(.+)_following\\.csv$");

    /** One profile of the file and its 1-based record number (not line number: a quoted bio may span lines). */
    public record Row(long record, Profile profile) {
    }

    private FollowingCsv() {
    }

    /** The account whose following list the file is, from a name like {@code TwFollow_zlisto_following.csv}; else the file name without extension. */
    public static String accountOf(Path file) {
        String name = file.getFileName().toString();
        Matcher m = FILE_NAME.matcher(name);
        if (m.matches()) {
            return m.group(1);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    public static List<Row> read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        }
    }

    /** Fails, naming {@code source}, when the header has no {@code userId} column. */
    public static List<Row> read(Reader reader, String source) throws IOException {
        List<List<String>> records = parse(reader);
        if (records.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> header = records.get(0);
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i).strip().replace("\uFEFF", ""), i);
        }
        if (!columns.containsKey("userId")) {
            throw new IOException(source + ": the header has no userId column (got " + header + "); expected a following-list export");
        }
        List<Row> rows = new ArrayList<>(records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
            List<String> rec = records.get(r);
            if (rec.size() == 1 && rec.get(0).isEmpty()) {
                continue;
            }
            String userId = unquoteId(field(rec, columns, "userId"));
            rows.add(new Row(r, new Profile(Profile.SCHEMA_VERSION, userId, field(rec, columns, "name"), field(rec, columns, "username"),
                    field(rec, columns, "bio"), field(rec, columns, "location"), field(rec, columns, "avatar_url"))));
        }
        return rows;
    }

    private static String field(List<String> rec, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        if (i == null || i >= rec.size()) {
            return null;
        }
        String v = rec.get(i);
        return v.isEmpty() ? null : v;
    }

    private static String unquoteId(String id) {
        if (id == null) {
            return null;
        }
        String s = id.strip();
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            s = s.substring(1, s.length() - 1);
        }
        return s.isEmpty() ? null : s;
    }

    /** RFC 4180 records: double-quoted fields may contain separators, doubled quotes and line breaks. */
    static List<List<String>> parse(Reader reader) throws IOException {
        Reader in = reader.markSupported() ? reader : new java.io.BufferedReader(reader);
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = in.read()) != -1) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next == -1) {
                            break;
                        }
                        in.reset();
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                any = false;
            } else {
                field.append((char) c);
            }
        }
        if (any || !field.isEmpty() || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
