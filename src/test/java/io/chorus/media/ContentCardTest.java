package io.chorus.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Proves the offline content card is a real PNG of the configured size, drawn the same for the same text, with the offline banner and the disclosure band in place. */
class ContentCardTest {

    private static final String TEXT = "Buses every ten minutes would change how this town moves. Maybe ride the 42 this week?";

    @Test
    void rendersAPngThatImageIoReadsBackAtTheConfiguredSize() throws Exception {
        byte[] png = new ContentCard(640, 480).render(TEXT, "#ad Transit Now");
        assertThat(MediaFormat.sniff(png)).contains(MediaFormat.PNG);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(480);
        assertThat(MediaInfo.of(MediaFormat.PNG, png)).isEqualTo(new MediaInfo(640, 480, null));
    }

    @Test
    void drawsTheSameBytesForTheSameTextSoARetryWritesTheSameFile() {
        ContentCard card = new ContentCard(400, 400);
        assertThat(card.render(TEXT, "#ad")).isEqualTo(card.render(TEXT, "#ad"));
        assertThat(card.render(TEXT, "#ad")).isNotEqualTo(card.render(TEXT + " Really.", "#ad"));
        assertThat(card.render(TEXT, "#ad")).isNotEqualTo(card.render(TEXT, "#sponsored"));
    }

    @Test
    void hasTheDarkOfflineBannerOnTopAndTheDisclosureBandAtTheBottom() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(new ContentCard(800, 800).render(TEXT, "#ad Transit Now")));
        int bannerPixel = image.getRGB(799, 5) & 0xffffff;        // right edge of the banner, past its text
        int labelPixel = image.getRGB(800 - 45, 800 - 45) & 0xffffff; // inside the disclosure band, right of its text
        int background = image.getRGB(799, 400) & 0xffffff;
        assertThat(bannerPixel).isEqualTo(0x3A3F47);
        assertThat(labelPixel).isEqualTo(0xFFE08A);
        assertThat(background).isEqualTo(0xF4F1EA);
    }

    @Test
    void aLongTextIsCutWithAnEllipsisInsteadOfRunningOverTheLabel() throws Exception {
        String longText = "word ".repeat(2000);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(new ContentCard(300, 300).render(longText, "#ad")));
        assertThat(image.getRGB(300 - 20, 300 - 20) & 0xffffff).isEqualTo(0xFFE08A);
    }

    @Test
    void refusesSizesOutsideTheBounds() {
        assertThatThrownBy(() -> new ContentCard(100, 800)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("200x200");
    }
}
