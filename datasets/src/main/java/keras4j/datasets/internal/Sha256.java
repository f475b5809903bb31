package keras4j.datasets.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place files are checked against their pinned SHA-256. The digest is always of the
 * <em>uncompressed</em> content, so a gzip and a raw copy of a file verify alike.
 *
 * <pre>{@code
 * if (!Sha256.matches(path, file.sha256())) { ... }
 * }</pre>
 */
public final class Sha256 {
    /** Files already verified in this JVM, keyed by path, size and modification time. */
    private static final Map<String, String> VERIFIED = new ConcurrentHashMap<>();

    private Sha256() {
    }

    /** @return a fresh SHA-256 digest */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Copies the uncompressed content of {@code in} to {@code out} and checks its digest.
     *
     * @param in       raw or gzip content; left open for the caller
     * @param out      receives the uncompressed bytes
     * @param expected lower-case hex SHA-256 of the uncompressed bytes
     * @param origin   where the bytes come from, for the error
     * @param progress told of each chunk of the (compressed) input read, may be {@code null}
     * @throws VerificationException when the digest differs
     * @throws IOException           when reading or writing fails
     */
    public static void copyVerified(InputStream in, OutputStream out, String expected, String origin,
                                    ProgressBar progress) throws IOException {
        InputStream shielded = new FilterInputStream(in) {
            @Override
            public void close() {
                // The caller owns the stream (it may be one entry of an archive).
            }
        };
        InputStream counted = progress == null ? shielded : progress.count(shielded);
        MessageDigest digest = newDigest();
        try (InputStream content = new DigestInputStream(Compression.decompressed(counted), digest)) {
            content.transferTo(out);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected)) {
            throw new VerificationException(origin + " has SHA-256 " + actual + " (uncompressed), expected "
                    + expected);
        }
    }

    /**
     * @param path a raw or gzip file
     * @return the hex SHA-256 of its uncompressed content
     * @throws IOException when it cannot be read or the gzip is corrupt
     */
    public static String ofContent(Path path) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream content = new DigestInputStream(Compression.decompressed(Files.newInputStream(path)),
                digest)) {
            content.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Whether a file's uncompressed content has the expected digest; remembered for the life of the
     * JVM while the file's size and modification time stay the same.
     *
     * @param path     a raw or gzip file
     * @param expected lower-case hex SHA-256
     * @return true when it matches; false when it differs or cannot be read
     */
    public static boolean matches(Path path, String expected) {
        try {
            String key = key(path);
            if (expected.equals(VERIFIED.get(key))) {
                return true;
            }
            if (ofContent(path).equals(expected)) {
                VERIFIED.put(key, expected);
                return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Records that a file just written from verified bytes holds {@code sha256}.
     *
     * @param path   the file
     * @param sha256 its verified digest
     * @throws IOException when its attributes cannot be read
     */
    public static void remember(Path path, String sha256) throws IOException {
        VERIFIED.put(key(path), sha256);
    }

    private static String key(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return path.toAbsolutePath().normalize() + "|" + attributes.size() + "|"
                + attributes.lastModifiedTime().toMillis();
    }
}
