package io.chorus.sentiment;

import com.fasterxml.jackson.core.type.TypeReference;
import io.chorus.serde.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A trained sentiment model on disk: a gzip file holding a magic number, a JSON header (what it is, how to use it,
 * where it came from) and the 8-bit {@link LinearModel}. {@code chorus train sentiment} writes these files; the
 * jar ships the ones it wrote under {@code /sentiment/}.
 *
 * @param header what the model is: {@code kind} ("ngram" or "embedding"), {@code name} (recorded on scored posts,
 *               ends with a digest of the weights), {@code featureBits}, {@code negativeAtOrBelow},
 *               {@code positiveAtOrAbove}, {@code embeddingModel}, {@code stackedOnNgram}, {@code provenance},
 *               and the training figures
 */
public record SentimentModelFile(Map<String, Object> header, LinearModel model) {

    private static final int MAGIC = 0x43534e54; // "CSNT"
    private static final int FORMAT = 1;

    public static final String NGRAM_FILE = "ngram-sentiment.model";
    public static final String EMBEDDING_FILE = "embedding-sentiment.model";

    public String kind() {
        return (String) header.get("kind");
    }

    public String name() {
        return (String) header.get("name");
    }

    public LabelThresholds thresholds() {
        return new LabelThresholds(((Number) header.get("negativeAtOrBelow")).doubleValue(),
                ((Number) header.get("positiveAtOrAbove")).doubleValue());
    }

    public int intHeader(String key) {
        return ((Number) header.get(key)).intValue();
    }

    /** A short digest of the quantised weights, so two models with the same weights get the same name. */
    static String digest(LinearModel model) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            model.write(new DataOutputStream(bytes));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()), 0, 4);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream raw = Files.newOutputStream(file); GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16);
             DataOutputStream out = new DataOutputStream(gz)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            byte[] json = Json.mapper().writeValueAsBytes(header);
            out.writeInt(json.length);
            out.write(json);
            model.write(out);
        }
    }

    public static SentimentModelFile read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a model shipped in the jar under {@code /sentiment/}. */
    public static SentimentModelFile bundled(String fileName) {
        String resource = "/sentiment/" + fileName;
        try (InputStream in = SentimentModelFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the trained sentiment model " + resource + " is missing from the jar; "
                        + "rebuild, or point sentiment.model.dir at the output of 'chorus train sentiment'");
            }
            return read(in, resource);
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + resource + ": " + e.getMessage(), e);
        }
    }

    static SentimentModelFile read(InputStream raw, String where) throws IOException {
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16));
        if (in.readInt() != MAGIC) {
            throw new IOException(where + " is not a Chorus sentiment model (bad magic number)");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException(where + " has model format " + format + "; this Chorus reads format " + FORMAT);
        }
        int len = in.readInt();
        if (len < 2 || len > 1 << 20) {
            throw new IOException(where + ": implausible header length " + len);
        }
        byte[] json = new byte[len];
        in.readFully(json);
        Map<String, Object> header = Json.mapper().readValue(new String(json, StandardCharsets.UTF_8), new TypeReference<LinkedHashMap<String, Object>>() { });
        return new SentimentModelFile(header, LinearModel.read(in));
    }
}
