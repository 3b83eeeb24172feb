package io.chorus.sentiment;

import io.chorus.model.SentimentLabel;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.serde.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One labelled text for training or evaluation: a JSON object per line with {@code text} and {@code label}
 * ({@code positive}, {@code neutral} or {@code negative}, any case), and optionally {@code id}, {@code source},
 * {@code lang} and {@code reference} (a 0–100 reference score, e.g. a model's, to measure rank agreement).
 *
 * @param reference the 0–100 reference score, or NaN when the line has none
 */
public record LabelledPost(String id, String source, SentimentLabel label, String text, String lang, double reference) {

    /** Reads {@code file}; a line that is not such an object fails with the file and line number. */
    public static List<LabelledPost> read(Path file) throws IOException {
        List<LabelledPost> out = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                out.add(parse(line, file + " line " + lineNo));
            }
        }
        return out;
    }

    static LabelledPost parse(String line, String where) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": not JSON (" + e.getMessage() + ")");
        }
        if (n == null || !n.isObject() || !n.path("text").isTextual() || !n.path("label").isTextual()) {
            throw new IllegalArgumentException(where + ": needs a JSON object with string fields \"text\" and \"label\"");
        }
        SentimentLabel label = parseLabel(n.get("label").asText(), where);
        double reference = Double.NaN;
        if (n.has("reference") && !n.get("reference").isNull()) {
            if (!n.get("reference").isNumber() || n.get("reference").asDouble() < 0 || n.get("reference").asDouble() > 100) {
                throw new IllegalArgumentException(where + ": \"reference\" must be a number in 0..100");
            }
            reference = n.get("reference").asDouble();
        }
        return new LabelledPost(n.path("id").asText(null), n.path("source").asText(null), label, n.get("text").asText(),
                n.path("lang").isTextual() ? n.get("lang").asText() : null, reference);
    }

    private static SentimentLabel parseLabel(String raw, String where) {
        switch (raw.toLowerCase(Locale.ROOT)) {
            case "positive":
                return SentimentLabel.POSITIVE;
            case "neutral":
                return SentimentLabel.NEUTRAL;
            case "negative":
                return SentimentLabel.NEGATIVE;
            default:
                throw new IllegalArgumentException(where + ": label must be positive, neutral or negative, got \"" + raw + "\"");
        }
    }

    public boolean hasReference() {
        return !Double.isNaN(reference);
    }
}
