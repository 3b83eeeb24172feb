package io.chorus.llm.stub;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The stub's media: a real PNG for an image prompt and a real WAV for a text to speak, both pure functions of their
 * input (seeded by its SHA-256), so a test can check the bytes, a cache hit gives the same file, and {@code file}
 * recognises what the stub served. The PNG is an abstract gradient with stripes, never text: it looks nothing like
 * an offline content card, so a test can tell which path made an image.
 */
public final class StubMedia {

    /** The largest side the stub draws; bigger requested sizes are scaled down to keep tests fast. */
    public static final int MAX_SIDE = 1024;
    /** WAV sample rate (mono, 16-bit PCM). */
    public static final int SAMPLE_RATE = 8000;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private StubMedia() {
    }

    /** A PNG for {@code prompt} of {@code size} ("WIDTHxHEIGHT"; 256x256 when absent or unreadable). */
    public static byte[] png(String prompt, String size) {
        int[] wh = parseSize(size);
        byte[] seed = sha256(prompt == null ? "" : prompt);
        Color a = new Color(seed[0] & 0xff, seed[1] & 0xff, seed[2] & 0xff);
        Color b = new Color(seed[3] & 0xff, seed[4] & 0xff, seed[5] & 0xff);
        BufferedImage image = new BufferedImage(wh[0], wh[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setPaint(new GradientPaint(0, 0, a, wh[0], wh[1], b));
            g.fillRect(0, 0, wh[0], wh[1]);
            g.setColor(new Color(255, 255, 255, 60));
            int stripes = 3 + (seed[6] & 0x07);
            for (int i = 0; i < stripes; i++) {
                int x = Math.floorMod(seed[7 + i] * 31, wh[0]);
                g.fillRect(x, 0, Math.max(2, wh[0] / 40), wh[1]);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A WAV voicing {@code text}: a tone whose pitch comes from the text, 40 ms per character, 0.3 to 5 seconds. */
    public static byte[] wav(String text) {
        String t = text == null ? "" : text;
        byte[] seed = sha256(t);
        double frequency = 200 + (seed[0] & 0xff) * 400.0 / 255;
        long ms = Math.max(300, Math.min(5000, 40L * t.length()));
        int samples = (int) (SAMPLE_RATE * ms / 1000);
        int dataBytes = samples * 2;
        ByteBuffer buf = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        buf.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
        buf.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (int i = 0; i < samples; i++) {
            buf.putShort((short) Math.round(Math.sin(2 * Math.PI * frequency * i / SAMPLE_RATE) * 8000));
        }
        return buf.array();
    }

    static int[] parseSize(String size) {
        int w = 256;
        int h = 256;
        if (size != null && size.toLowerCase(Locale.ROOT).matches("\\d{1,5}x\\d{1,5}")) {
            String[] p = size.toLowerCase(Locale.ROOT).split("x");
            w = Integer.parseInt(p[0]);
            h = Integer.parseInt(p[1]);
        }
        return new int[] {Math.max(1, Math.min(MAX_SIDE, w)), Math.max(1, Math.min(MAX_SIDE, h))};
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
