package io.chorus.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.serde.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        int sent = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            byte[] value = line.getBytes(StandardCharsets.UTF_8);
            String key = keyOf(line, keyField);
            producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
            sent++;
        }
        producer.flush();
        return sent;
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
