package io.chorus.imports;

import io.chorus.serde.Json;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV exports (RFC 4180: quoted fields with commas, quotes and newlines; an optional UTF-8 byte-order mark)
 * with Apache Commons CSV and maps each row with a {@link RowMapper}. A row that does not map is a {@link BadRow}
 * with its file and starting line, never dropped silently; a file that is not UTF-8, or whose CSV structure breaks
 * (an unterminated quote), ends with one bad row saying where reading stopped.
 */
public final class ExportReader {

    /** Maps one CSV row to a record; throws {@link RowException} naming the column when the row is unusable. */
    interface RowMapper {
        /** The columns the file must have; a file without them fails as a whole (wrong export type). */
        List<String> requiredColumns();

        /** The record for {@code row}, keyed by the topic's key field. */
        Mapped map(CSVRecord row, Path file, Map<String, Long> notes) throws RowException;
    }

    /** A mapped value and its key; {@code kind} classifies it for the summary. */
    record Mapped(String key, Object value, String kind) {
    }

    private final RowMapper mapper;

    ExportReader(RowMapper mapper) {
        this.mapper = mapper;
    }

    /** Reads every file in order. */
    public ImportResult read(List<Path> files) {
        List<ImportedRecord> records = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>();
        Map<String, Long> kinds = new TreeMap<>();
        Map<String, Long> notes = new TreeMap<>();
        long rows = 0;
        for (Path file : files) {
            rows += readOne(file, records, bad, kinds, notes);
        }
        return new ImportResult(rows, records, bad, kinds, notes);
    }

    private long readOne(Path file, List<ImportedRecord> records, List<BadRow> bad, Map<String, Long> kinds, Map<String, Long> notes) {
        String name = file.toString();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true)
                .setIgnoreEmptyLines(false).get();
        long rows = 0;
        long nextLine = 2; // the header is line 1
        try (Reader reader = utf8(file); CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            List<String> missing = mapper.requiredColumns().stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                bad.add(new BadRow(name, 1, "header lacks column(s) " + missing + "; found " + header
                        + " (is this the right kind of export?)"));
                return 0;
            }
            var it = parser.iterator();
            while (true) {
                CSVRecord row;
                long startLine = nextLine;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    row = it.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    rows++;
                    bad.add(new BadRow(name, startLine, causedByEncoding(e)
                            ? "not valid UTF-8 (" + rootMessage(e) + "); export the file as UTF-8; the rest of the file was not read"
                            : "the CSV structure breaks here (" + rootMessage(e) + "); the rest of the file was not read"));
                    break;
                }
                nextLine = parser.getCurrentLineNumber() + 1;
                rows++;
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    rows--; // a blank line is not a row
                    continue;
                }
                if (!row.isConsistent()) {
                    bad.add(new BadRow(name, startLine, "has " + row.size() + " fields, the header has " + header.size()));
                    continue;
                }
                try {
                    Mapped m = mapper.map(row, file, notes);
                    records.add(new ImportedRecord(m.key(), Json.mapper().writeValueAsBytes(m.value()), name, startLine, m.kind()));
                    kinds.merge(m.kind(), 1L, Long::sum);
                } catch (RowException e) {
                    bad.add(new BadRow(name, startLine, e.getMessage()));
                } catch (IOException e) {
                    bad.add(new BadRow(name, startLine, "cannot write as JSON: " + e.getMessage()));
                }
            }
        } catch (CharacterCodingException e) {
            rows++;
            bad.add(new BadRow(name, nextLine, "not valid UTF-8 (" + e + "); export the file as UTF-8; the rest was not read"));
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            rows++;
            bad.add(new BadRow(name, nextLine, "cannot read: " + rootMessage(e)));
        }
        return rows;
    }

    /** UTF-8 that fails on malformed bytes (instead of replacing them), without the byte-order mark. */
    private static Reader utf8(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Reader reader = new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder));
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    private static boolean causedByEncoding(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CharacterCodingException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** A value quoted with apostrophes by the export tool ({@code '1884107683130925399'}) without them. */
    static String unquoteId(String raw) {
        String s = raw == null ? "" : raw.strip();
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** Empty text as null: exports write an absent value as an empty field. */
    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static String column(CSVRecord row, String name) {
        return row.isMapped(name) && row.isSet(name) ? row.get(name) : "";
    }
}
