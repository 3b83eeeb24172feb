package io.chorus.sentiment;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Embeddings of training texts kept in a file between training runs, keyed by a hash of the model name and the
 * text, so that re-training (or training after an interruption) does not embed tens of thousands of texts again.
 * Appends as it goes; a truncated last entry (an interrupted run) is ignored. Keep it outside the repository: it is
 * derived from the training texts.
 */
public final class EmbeddingCache {

    private final Path file;
    private final Map<String, float[]> entries = new HashMap<>();

    private EmbeddingCache(Path file) {
        this.file = file;
    }

    public static EmbeddingCache open(Path file) throws IOException {
        EmbeddingCache cache = new EmbeddingCache(file);
        if (file != null && Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                while (true) {
                    String key;
                    float[] v;
                    try {
                        key = in.readUTF();
                        int dim = in.readInt();
                        v = new float[dim];
                        for (int i = 0; i < dim; i++) {
                            v[i] = in.readFloat();
                        }
                    } catch (EOFException e) {
                        break;
                    }
                    cache.entries.put(key, v);
                }
            }
        }
        return cache;
    }

    /** Embeds every text not cached yet, in batches, and returns all embeddings in the order of {@code texts}. */
    public float[][] embedAll(List<String> texts, TextEmbedder embedder, int batchSize, IntConsumer progress) throws IOException {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!entries.containsKey(key(texts.get(i)))) {
                missing.add(i);
            }
        }
        DataOutputStream out = file == null ? null : new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16));
        try {
            for (int start = 0; start < missing.size(); start += batchSize) {
                List<Integer> idx = missing.subList(start, Math.min(missing.size(), start + batchSize));
                List<String> batch = new ArrayList<>(idx.size());
                for (int i : idx) {
                    batch.add(texts.get(i));
                }
                float[][] vectors = embedder.embed(batch);
                for (int k = 0; k < idx.size(); k++) {
                    String key = key(batch.get(k));
                    entries.put(key, vectors[k]);
                    if (out != null) {
                        out.writeUTF(key);
                        out.writeInt(vectors[k].length);
                        for (float x : vectors[k]) {
                            out.writeFloat(x);
                        }
                    }
                }
                if (out != null) {
                    out.flush();
                }
                progress.accept(start + idx.size());
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
        float[][] result = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            result[i] = entries.get(key(texts.get(i)));
        }
        return result;
    }

    /**
     * An embedder that answers from this cache and embeds (and caches, in memory) only what it has not seen, with
     * {@code fallback}: the vectors are the model's own, so scoring through it is scoring with the model.
     */
    public TextEmbedder over(TextEmbedder fallback) {
        return new TextEmbedder() {
            @Override
            public float[][] embed(List<String> texts) {
                try {
                    return embedAllInMemory(texts, fallback);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public String model() {
                return fallback.model();
            }
        };
    }

    private synchronized float[][] embedAllInMemory(List<String> texts, TextEmbedder fallback) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String t : texts) {
            if (!entries.containsKey(key(t))) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            float[][] v = fallback.embed(missing);
            for (int i = 0; i < v.length; i++) {
                entries.put(key(missing.get(i)), v[i]);
            }
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = entries.get(key(texts.get(i)));
        }
        return out;
    }

    /** Whether {@code text}'s embedding is cached. */
    public boolean contains(String text) {
        return entries.containsKey(key(text));
    }

    public int size() {
        return entries.size();
    }

    private static String key(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(SentenceEmbedder.MODEL.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
