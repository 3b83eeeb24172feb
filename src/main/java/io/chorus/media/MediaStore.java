package io.chorus.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Media bytes on disk, named by content: {@code <dir>/<sha256>.<ext>}. Records never carry media; they carry the
 * hash, and anyone holding the directory (this instance, others on a shared volume, the HTTP server) finds the file.
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Content-addressed</b>: equal bytes are one file, so a retried call, a replay or a second instance that
 *       writes the same image writes the same file, and nothing is ever overwritten with different content.</li>
 *   <li><b>Atomic</b>: bytes go to a temporary file in the same directory, are forced to disk, then moved into place
 *       with an atomic rename, so a reader (or a crash) never sees half a file under a final name. Leftover
 *       temporary files ({@code .tmp-*}) are removed by {@link MediaGc}.</li>
 *   <li><b>Bounded</b>: a file over {@code maxBytes} ({@code media.max.bytes}) is refused, as are bytes that are not
 *       one of the {@link MediaFormat}s; the type comes from the bytes, never from what an endpoint said.</li>
 *   <li><b>Before the record</b>: callers store first and produce the record that refers to the file afterwards,
 *       so a committed record never points at a missing file; a crash in between leaves an orphan file, which
 *       {@link MediaGc} may delete once it is old and unreferenced.</li>
 * </ul>
 * Thread-safe: concurrent writers of the same bytes race only on the final rename, and both renames put the same
 * content in place.
 */
public final class MediaStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final String TEMP_PREFIX = ".tmp-";

    /** A file in the store. */
    public record Stored(String sha256, MediaFormat format, long sizeBytes, Path path) {
    }

    private final Path dir;
    private final long maxBytes;

    /**
     * @param dir      the directory ({@code media.dir}); created by the first write, so an instance that never
     *                 makes media never creates it
     * @param maxBytes the largest file accepted ({@code media.max.bytes})
     */
    public MediaStore(Path dir, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("media.max.bytes must be positive, was " + maxBytes);
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    public Path dir() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Stores {@code bytes} under their hash (a no-op when the file is already there) and returns where they are.
     *
     * @throws MediaRejectedException when the bytes are empty, over the size cap, or in no accepted format
     * @throws UncheckedIOException   when the disk refuses (full, read-only); retrying may help
     */
    public Stored put(byte[] bytes) throws MediaRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new MediaRejectedException("no media bytes");
        }
        if (bytes.length > maxBytes) {
            throw new MediaRejectedException("media of " + bytes.length + " bytes is over media.max.bytes=" + maxBytes);
        }
        MediaFormat format = MediaFormat.sniff(bytes).orElseThrow(() -> new MediaRejectedException(
                "media bytes are not PNG, JPEG, WebP, WAV or MP3 (first bytes: " + HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length)) + ")"));
        String hash = sha256(bytes);
        Path target = dir.resolve(hash + "." + format.extension());
        if (Files.isRegularFile(target) && sizeOf(target) == bytes.length) {
            return new Stored(hash, format, bytes.length, target);
        }
        Path temp = dir.resolve(TEMP_PREFIX + hash + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the media directory " + dir + " does not support atomic renames (media.dir must be one "
                        + "file system, e.g. a local disk or an NFS/EFS volume, not a FUSE mount without rename)", e);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // MediaGc removes it later
            }
            throw new UncheckedIOException("cannot write media " + target + " (media.dir)", e);
        }
        return new Stored(hash, format, bytes.length, target);
    }

    /** The file of {@code sha256}, or empty when the store does not hold it (or the hash is malformed). */
    public Optional<Stored> find(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        for (MediaFormat format : MediaFormat.values()) {
            Path p = dir.resolve(sha256 + "." + format.extension());
            if (Files.isRegularFile(p)) {
                return Optional.of(new Stored(sha256, format, sizeOf(p), p));
            }
        }
        return Optional.empty();
    }

    public boolean contains(String sha256) {
        return find(sha256).isPresent();
    }

    /** True for a well-formed hash (64 lower-case hex digits). */
    public static boolean isHash(String s) {
        return s != null && SHA256.matcher(s).matches();
    }

    /** Every media file and leftover temporary file, with its last-modified time, for garbage collection. */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (Files.isRegularFile(p)) {
                    String name = p.getFileName().toString();
                    boolean temp = name.startsWith(TEMP_PREFIX);
                    String hash = temp ? null : name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                    if (temp || isHash(hash)) {
                        out.add(new Entry(p, temp ? null : hash, temp, Files.getLastModifiedTime(p).toInstant(), Files.size(p)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the media directory " + dir, e);
        }
        return out;
    }

    /** A file of the directory: a media file (with its hash) or a temporary one. */
    record Entry(Path path, String sha256, boolean temporary, Instant modified, long sizeBytes) {
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
