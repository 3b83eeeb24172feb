package io.chorus.imports;

import java.util.List;
import java.util.Map;

/**
 * What reading export files gave: the records to produce, every row that could not be mapped, and counts per kind
 * and per note (e.g. language codes that are not languages), so the summary shows exactly what was done to the data.
 *
 * @param rows   data rows read (header excluded); always {@code records.size() + badRows.size()}
 * @param notes  counts of changes made while mapping, e.g. {@code "lang qme -> none"}
 */
public record ImportResult(long rows, List<ImportedRecord> records, List<BadRow> badRows, Map<String, Long> kinds,
                           Map<String, Long> notes) {

    public ImportResult {
        records = List.copyOf(records);
        badRows = List.copyOf(badRows);
        kinds = Map.copyOf(kinds);
        notes = Map.copyOf(notes);
    }
}
