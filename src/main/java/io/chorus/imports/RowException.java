package io.chorus.imports;

/** A row that cannot be mapped; the message names the column and the value's problem. */
final class RowException extends Exception {

    RowException(String message) {
        super(message);
    }
}
