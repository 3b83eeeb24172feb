package io.chorus.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.serde.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Loads JSON lines into a topic, each line sent as-is (so deliberately bad lines reach the pipeline and its
 * dead-letter path unchanged). The key is the text of the topic's key field when the line is a JSON object that
 * has it, otherwise null.
 */
public final class FeedProducer {

    private FeedProducer() {
    }

    public static Producer<byte[], byte[]> producer(Map<String, Object> clientProps) {
        Map<String, Object> props = new java.util.HashMap<>(clientProps);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props);
    }

    /** Sends every non-blank line; returns how many were sent (and acknowledged). */
    public static int produceLines(Producer<byte[], byte[]> producer, String topic, String keyField, BufferedReader lines)
            throws IOException {
        return produceLines(producer, topic, keyField, lines, UnaryOperator.identity());
    }

    /** Sends every non-blank line after {@code rewrite} (see {@link #shiftTimes}); returns how many were sent. */
    public static int produceLines(Producer<byte[], byte[]> producer, String topic, String keyField, BufferedReader lines,
                                   UnaryOperator<String> rewrite) throws IOException {
        int sent = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            line = rewrite.apply(line);
            byte[] value = line.getBytes(StandardCharsets.UTF_8);
            String key = keyOf(line, keyField);
            producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
            sent++;
        }
        producer.flush();
        return sent;
    }

    /**
     * Moves every ISO-8601 instant in the given top-level-looking fields ({@code "createdAt":"2026-11-01T08:00:28Z"})
     * by {@code shift}, as text: nothing else in the line changes, so a deliberately bad line stays bad in the same
     * way. Values that are not instants are left alone.
     */
    public static UnaryOperator<String> shiftTimes(Duration shift, List<String> fields) {
        Pattern pattern = Pattern.compile("\"(" + String.join("|", fields.stream().map(Pattern::quote).toList())
                + ")\"(\\s*:\\s*)\"([^\"]+)\"");
        return line -> {
            Matcher m = pattern.matcher(line);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String replacement = m.group();
                try {
                    Instant moved = Instant.parse(m.group(3)).plus(shift);
                    replacement = "\"" + m.group(1) + "\"" + m.group(2) + "\"" + moved + "\"";
                } catch (DateTimeParseException notAnInstant) {
                    // leave it as it is
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        };
    }

    /** The latest instant in the given fields over all lines (null when there is none). */
    public static Instant latestTime(BufferedReader lines, List<String> fields) {
        Pattern pattern = Pattern.compile("\"(" + String.join("|", fields.stream().map(Pattern::quote).toList())
                + ")\"\\s*:\\s*\"([^\"]+)\"");
        Instant latest = null;
        for (String line : (Iterable<String>) lines.lines()::iterator) {
            Matcher m = pattern.matcher(line);
            while (m.find()) {
                try {
                    Instant t = Instant.parse(m.group(2));
                    latest = latest == null || t.isAfter(latest) ? t : latest;
                } catch (DateTimeParseException notAnInstant) {
                    // not a time
                }
            }
        }
        return latest;
    }

    /** Sends one value and waits for the broker's acknowledgement. */
    public static void produceOne(Producer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot produce to " + topic + ": " + e.getMessage(), e);
        }
    }

    static String keyOf(String line, String keyField) {
        if (keyField == null) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(line);
            JsonNode key = node == null ? null : node.get(keyField);
            return key != null && key.isValueNode() && !key.isNull() ? key.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
