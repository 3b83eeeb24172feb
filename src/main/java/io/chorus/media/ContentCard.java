package io.chorus.media;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The offline stand-in for a generated image: an honest "content card" PNG, the generated text laid out on a plain
 * background, with a banner that says it is an offline card made without an image model, and the campaign's
 * disclosure label drawn in. Nothing on it pretends to be a picture.
 *
 * <p>Rendered with Java2D on an in-memory image (headless: no display is needed or touched; the class sets
 * {@code java.awt.headless=true} unless the JVM was started with a choice). The output is a pure function of the
 * text, the label and the size on a given JVM and font set, so a retry or a replay writes the same file to the
 * content-addressed store. Text the fonts cannot draw (some emoji) shows as the font's missing-glyph box.
 */
public final class ContentCard {

    public static final String GENERATOR = "offline-content-card";
    public static final String BANNER = "OFFLINE CONTENT CARD \u00b7 no image model";

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final Color BACKGROUND = new Color(0xF4, 0xF1, 0xEA);
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color BANNER_FILL = new Color(0x3A, 0x3F, 0x47);
    private static final Color LABEL_FILL = new Color(0xFF, 0xE0, 0x8A);

    private final int width;
    private final int height;

    /** A renderer of {@code width} x {@code height} cards (at least 200 x 200 so the banner and label fit). */
    public ContentCard(int width, int height) {
        if (width < 200 || height < 200 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("content card size must be between 200x200 and 4096x4096, was " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The card for {@code text} with {@code disclosure} drawn in, as PNG bytes. */
    public byte[] render(String text, String disclosure) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            int margin = Math.max(16, width / 20);

            Font bannerFont = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, width / 34));
            g.setFont(bannerFont);
            FontMetrics bm = g.getFontMetrics();
            int bannerHeight = bm.getHeight() + margin / 2;
            g.setColor(BANNER_FILL);
            g.fillRect(0, 0, width, bannerHeight);
            g.setColor(Color.WHITE);
            g.drawString(fit(BANNER, bm, width - 2 * margin), margin, (bannerHeight - bm.getHeight()) / 2 + bm.getAscent());

            String label = "Disclosure: " + (disclosure == null ? "" : disclosure.strip());
            List<String> labelLines = disclosureLines(g, label, margin);
            FontMetrics lm = g.getFontMetrics();
            int labelHeight = labelLines.size() * lm.getHeight() + margin / 2;
            int labelTop = height - margin - labelHeight;
            g.setColor(LABEL_FILL);
            g.fillRect(margin, labelTop, width - 2 * margin, labelHeight);
            g.setColor(INK);
            g.setStroke(new BasicStroke(2f));
            g.drawRect(margin, labelTop, width - 2 * margin, labelHeight);
            int ly = labelTop + margin / 4 + lm.getAscent();
            for (String line : labelLines) {
                g.drawString(line, margin + margin / 2, ly);
                ly += lm.getHeight();
            }

            Font bodyFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(12, width / 24));
            g.setFont(bodyFont);
            FontMetrics fm = g.getFontMetrics();
            int top = bannerHeight + margin;
            int maxLines = Math.max(1, (labelTop - margin - top) / fm.getHeight());
            List<String> lines = wrap(text == null ? "" : text.strip(), fm, width - 2 * margin, maxLines);
            int y = top + fm.getAscent();
            for (String line : lines) {
                g.drawString(line, margin, y);
                y += fm.getHeight();
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this JVM has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the content card", e);
        }
        return out.toByteArray();
    }

    /**
     * The lines of the disclosure band, with {@code g}'s font set to draw them. The label is never cut: it wraps over
     * several lines, and is drawn smaller (down to 8 pt) when it would take more than a third of the card.
     */
    List<String> disclosureLines(Graphics2D g, String label, int margin) {
        List<String> lines = List.of(label);
        for (int size = Math.max(12, width / 28); size >= 8; size--) {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            FontMetrics lm = g.getFontMetrics();
            lines = wrap(label, lm, width - 3 * margin, Integer.MAX_VALUE);
            boolean whole = lines.stream().noneMatch(l -> l.endsWith("\u2026")) || label.endsWith("\u2026");
            if (whole && lines.size() <= Math.max(1, (height / 3) / lm.getHeight())) {
                break;
            }
        }
        return lines;
    }

    /** Greedy word wrap within {@code maxWidth}; a word wider than a line is cut; the last line ends in "…" when text is left. */
    static List<String> wrap(String text, FontMetrics fm, int maxWidth, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        String[] words = text.split("\\s+");
        int i = 0;
        while (i < words.length && lines.size() < maxLines) {
            String word = words[i];
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(candidate) <= maxWidth) {
                line.setLength(0);
                line.append(candidate);
                i++;
            } else if (line.isEmpty()) {
                lines.add(fit(word, fm, maxWidth));
                i++;
            } else {
                lines.add(line.toString());
                line.setLength(0);
            }
        }
        if (!line.isEmpty() && lines.size() < maxLines) {
            lines.add(line.toString());
        }
        if (i < words.length && !lines.isEmpty()) {
            int last = lines.size() - 1;
            lines.set(last, fit(lines.get(last) + " \u2026", fm, maxWidth));
        }
        return lines;
    }

    private static String fit(String s, FontMetrics fm, int maxWidth) {
        if (fm.stringWidth(s) <= maxWidth) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "\u2026") > maxWidth) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "\u2026";
    }
}
