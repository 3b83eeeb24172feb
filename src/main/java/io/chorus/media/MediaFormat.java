package io.chorus.media;

import java.util.Arrays;
import java.util.Optional;

/**
 * The media formats the store accepts, recognised by their first bytes (magic numbers). The type on a reference is
 * the one the bytes show, whatever an endpoint claimed, so the page is never served a file under a false type.
 */
public enum MediaFormat {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    WEBP("image/webp", "webp"),
    WAV("audio/wav", "wav"),
    MP3("audio/mpeg", "mp3");

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String mimeType;
    private final String extension;

    MediaFormat(String mimeType, String extension) {
        this.mimeType = mimeType;
        this.extension = extension;
    }

    public String mimeType() {
        return mimeType;
    }

    /** The file name extension used in the store. */
    public String extension() {
        return extension;
    }

    public boolean isImage() {
        return mimeType.startsWith("image/");
    }

    /** The format the bytes are in, or empty when they are none of the accepted ones. */
    public static Optional<MediaFormat> sniff(byte[] b) {
        if (startsWith(b, 0, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE")) {
            return Optional.of(WAV);
        }
        if (ascii(b, 0, "ID3") || (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xE0) == 0xE0)) {
            return Optional.of(MP3);
        }
        return Optional.empty();
    }

    /** The format stored under {@code extension}, or empty. */
    public static Optional<MediaFormat> ofExtension(String extension) {
        return Arrays.stream(values()).filter(f -> f.extension.equals(extension)).findFirst();
    }

    private static boolean ascii(byte[] b, int at, String text) {
        return startsWith(b, at, text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
