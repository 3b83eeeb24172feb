package io.chorus.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Dimensions of an image or duration of an audio file, read from its header (never trusted from an endpoint's
 * answer). Unknown values are null: a reference without them is still valid.
 */
public record MediaInfo(Integer width, Integer height, Long durationMs) {

    public static MediaInfo of(MediaFormat format, byte[] bytes) {
        return switch (format) {
            case PNG -> png(bytes);
            case JPEG -> imageIo(bytes);
            case WAV -> wav(bytes);
            case WEBP, MP3 -> new MediaInfo(null, null, null);
        };
    }

    /** Width and height from the IHDR chunk, which a valid PNG has first. */
    private static MediaInfo png(byte[] b) {
        if (b.length < 24) {
            return new MediaInfo(null, null, null);
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        return new MediaInfo(buf.getInt(16), buf.getInt(20), null);
    }

    private static MediaInfo imageIo(byte[] b) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return new MediaInfo(null, null, null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new MediaInfo(reader.getWidth(0), reader.getHeight(0), null);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return new MediaInfo(null, null, null);
        }
    }

    /** Duration from the {@code fmt } chunk's byte rate and the {@code data} chunk's size (RIFF, little endian). */
    private static MediaInfo wav(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long byteRate = -1;
        int at = 12;
        while (at + 8 <= b.length) {
            String id = new String(b, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long size = buf.getInt(at + 4) & 0xffffffffL;
            if (id.equals("fmt ") && at + 16 <= b.length) {
                byteRate = buf.getInt(at + 8 + 8) & 0xffffffffL;
            } else if (id.equals("data") && byteRate > 0) {
                long dataBytes = Math.min(size, b.length - at - 8L);
                return new MediaInfo(null, null, dataBytes * 1000 / byteRate);
            }
            at += 8 + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - at - 8);
        }
        return new MediaInfo(null, null, null);
    }
}
