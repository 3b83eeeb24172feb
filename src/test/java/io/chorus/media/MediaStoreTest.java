package io.chorus.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the media store names files by the SHA-256 of their bytes, writes through a temporary file, refuses what is over the cap or in no known format, and finds what it wrote. */
class MediaStoreTest {

    @TempDir
    Path dir;

    private static byte[] png(int payload) {
        byte[] b = new byte[8 + payload];
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(magic, 0, b, 0, 8);
        for (int i = 8; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void namesTheFileByTheSha256OfItsBytesWithTheExtensionOfItsFormat() throws Exception {
        MediaStore store = new MediaStore(dir, 1 << 20);
        byte[] bytes = png(100);
        MediaStore.Stored s = store.put(bytes);
        String expected = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(s.sha256()).isEqualTo(expected);
        assertThat(s.format()).isEqualTo(MediaFormat.PNG);
        assertThat(s.path()).isEqualTo(dir.resolve(expected + ".png"));
        assertThat(Files.readAllBytes(s.path())).isEqualTo(bytes);
        assertThat(store.find(expected)).map(MediaStore.Stored::sizeBytes).contains((long) bytes.length);
    }

    @Test
    void equalBytesAreOneFileAndDifferentBytesAnother() throws Exception {
        MediaStore store = new MediaStore(dir, 1 << 20);
        String a = store.put(png(10)).sha256();
        String again = store.put(png(10)).sha256();
        String b = store.put(png(11)).sha256();
        assertThat(again).isEqualTo(a);
        assertThat(b).isNotEqualTo(a);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(a + ".png", b + ".png");
        }
    }

    @Test
    void refusesMediaOverTheSizeCapAndWritesNothing() {
        MediaStore store = new MediaStore(dir, 1024);
        assertThatThrownBy(() -> store.put(png(1024))).isInstanceOf(MediaRejectedException.class)
                .hasMessageContaining("1032 bytes").hasMessageContaining("media.max.bytes=1024");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void acceptsMediaExactlyAtTheCap() throws Exception {
        MediaStore store = new MediaStore(dir, 1024);
        assertThat(store.put(png(1016)).sizeBytes()).isEqualTo(1024);
    }

    @Test
    void refusesBytesInNoAcceptedFormatWhateverTheyClaim() {
        MediaStore store = new MediaStore(dir, 1 << 20);
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> store.put(html)).isInstanceOf(MediaRejectedException.class).hasMessageContaining("not PNG");
        assertThatThrownBy(() -> store.put(new byte[0])).isInstanceOf(MediaRejectedException.class);
    }

    @Test
    void leavesNoTemporaryFileAndNeverShowsAPartialFileUnderTheFinalName() throws Exception {
        MediaStore store = new MediaStore(dir, 1 << 22);
        byte[] big = png(3_000_000);
        // a temporary file left by a crash mid-write does not count as the media, and a new write still completes
        String hash = MediaStore.sha256(big);
        Files.write(dir.resolve(MediaStore.TEMP_PREFIX + hash + "-crashed"), Arrays.copyOf(big, 1000));
        assertThat(store.contains(hash)).isFalse();
        MediaStore.Stored s = store.put(big);
        assertThat(Files.readAllBytes(s.path())).isEqualTo(big);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(MediaStore.TEMP_PREFIX)))
                    .containsExactly(MediaStore.TEMP_PREFIX + hash + "-crashed");
        }
    }

    @Test
    void concurrentWritersOfTheSameBytesLeaveOneCompleteFile() throws Exception {
        MediaStore store = new MediaStore(dir, 1 << 22);
        byte[] bytes = png(500_000);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> writers = java.util.Collections.nCopies(8, () -> {
                go.await();
                return store.put(bytes).sha256();
            });
            List<Future<String>> results = writers.stream().map(pool::submit).toList();
            go.countDown();
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo(MediaStore.sha256(bytes));
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).hasSize(1).allSatisfy(p -> assertThat(Files.readAllBytes(p)).isEqualTo(bytes));
        }
    }

    @Test
    void findsOnlyWellFormedHashes() {
        MediaStore store = new MediaStore(dir, 1024);
        assertThat(store.find("../../etc/passwd")).isEmpty();
        assertThat(store.find("A".repeat(64))).isEmpty();
        assertThat(store.find("a".repeat(64))).isEmpty();
    }

    @Test
    void sniffsEveryAcceptedFormatFromItsFirstBytes() {
        assertThat(MediaFormat.sniff(png(1))).contains(MediaFormat.PNG);
        assertThat(MediaFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).contains(MediaFormat.JPEG);
        assertThat(MediaFormat.sniff("RIFF\0\0\0\0WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).contains(MediaFormat.WAV);
        assertThat(MediaFormat.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).contains(MediaFormat.WEBP);
        assertThat(MediaFormat.sniff("ID3\u0004".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).contains(MediaFormat.MP3);
        assertThat(MediaFormat.sniff("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEmpty();
    }
}
