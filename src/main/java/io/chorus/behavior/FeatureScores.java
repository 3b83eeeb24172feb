package io.chorus.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.llm.ModelCallException;
import io.chorus.serde.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict parsing of a model's feature answer, shared by profiles and per-post emotions. The answer must be one JSON
 * object holding every configured feature, each with a JSON number from 0 to 100 (text is never coerced to a number),
 * and, when reasons are asked for, a non-blank one-line reason. Anything else is {@code UNPARSEABLE_ANSWER}, which the
 * async processor retries and then dead-letters. Features the model added beyond the configured ones are ignored.
 */
public final class FeatureScores {

    /** Scores with their reasons (empty when reasons were not asked for), in the configured feature order. */
    public record Parsed(Map<String, Double> scores, Map<String, String> reasons) {
    }

    private FeatureScores() {
    }

    /** Parses {@code {"joy": 12, ...}}. */
    public static Parsed parseScores(String answer, List<String> features) throws ModelCallException {
        return parse(answer, features, false);
    }

    /** Parses {@code {"joy": {"score": 12, "reason": "..."}, ...}}. */
    public static Parsed parseWithReasons(String answer, List<String> features) throws ModelCallException {
        return parse(answer, features, true);
    }

    private static Parsed parse(String answer, List<String> features, boolean withReasons) throws ModelCallException {
        JsonNode json;
        try {
            json = Json.mapper().readTree(answer == null ? "" : answer.strip());
        } catch (Exception e) {
            throw unparseable("not JSON", answer);
        }
        if (json == null || !json.isObject()) {
            throw unparseable("not a JSON object", answer);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (String feature : features) {
            JsonNode node = json.get(feature);
            if (node == null || node.isNull()) {
                throw unparseable("feature '" + feature + "' is missing", answer);
            }
            JsonNode score = withReasons ? node.get("score") : node;
            if (score == null || !score.isNumber()) {
                throw unparseable("feature '" + feature + "' has no numeric score", answer);
            }
            double value = score.asDouble();
            if (!(value >= 0 && value <= 100)) {
                throw unparseable("feature '" + feature + "' scored " + value + ", outside 0..100", answer);
            }
            scores.put(feature, value);
            if (withReasons) {
                JsonNode reason = node.get("reason");
                if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
                    throw unparseable("feature '" + feature + "' has no reason", answer);
                }
                reasons.put(feature, oneLine(reason.asText()));
            }
        }
        return new Parsed(scores, reasons);
    }

    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static ModelCallException unparseable(String what, String text) {
        String shown = text == null ? "null" : text.length() > 160 ? text.substring(0, 160) + "..." : text;
        return new ModelCallException(ModelCallException.Kind.UNPARSEABLE_ANSWER,
                "expected a JSON object with every configured feature scored 0-100 (" + what + "): " + shown);
    }

    /** The features as the prompt lists them and the JSON shape the model must answer with. */
    static String shape(List<String> features, boolean withReasons) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < features.size(); i++) {
            s.append(i == 0 ? "" : ", ").append('"').append(features.get(i)).append("\": ")
                    .append(withReasons ? "{\"score\": <0-100>, \"reason\": \"<one line>\"}" : "<0-100>");
        }
        return s.append('}').toString();
    }
}
