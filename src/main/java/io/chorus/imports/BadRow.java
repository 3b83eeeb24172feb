package io.chorus.imports;

/**
 * A row of an export that could not be mapped to a Chorus record: where it is and why, so the user can fix the file.
 *
 * @param file   the file the row is in
 * @param line   the line the row starts on (1-based; the header is line 1)
 * @param reason what is wrong, naming the column
 */
public record BadRow(String file, long line, String reason) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
