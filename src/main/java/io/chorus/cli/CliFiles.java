package io.chorus.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Input and output files of batch commands: {@code -} means stdin or stdout; a missing input is a user error. */
final class CliFiles {

    private CliFiles() {
    }

    static BufferedReader open(String path) throws IOException {
        if ("-".equals(path)) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            throw new UserError("input file " + path + " does not exist");
        }
        return Files.newBufferedReader(p, StandardCharsets.UTF_8);
    }

    static BufferedWriter create(String path) throws IOException {
        if (path == null || "-".equals(path)) {
            return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
                @Override
                public void close() throws IOException {
                    flush(); // never close stdout
                }
            };
        }
        return Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8);
    }
}
