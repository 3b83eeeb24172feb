package io.chorus.async;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic ids: the same input, use, prompt version and model always give the same request id. */
public final class RequestIds {

    private RequestIds() {
    }

    public static String requestId(String inputId, String use, String promptVersion, String model) {
        return use + "-" + sha256(inputId + '\u0000' + use + '\u0000' + promptVersion + '\u0000' + model).substring(0, 24);
    }

    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
