package keras4j.datasets.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** Tiny IDX files and a data set spec made of them, for tests. */
public final class Fixtures {
    /** Images per file in the tiny training set. */
    public static final int TRAIN = 12;
    /** Images per file in the tiny test set. */
    public static final int TEST = 5;
    /** Image height. */
    public static final int ROWS = 3;
    /** Image width. */
    public static final int COLUMNS = 2;
    /** Classes. */
    public static final int CLASSES = 3;

    private Fixtures() {
    }

    /** @return an IDX image file: pixel p of image i is (i * 7 + p * 13) mod 256 */
    public static byte[] images(int count, int rows, int columns) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * columns);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(columns);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * columns; p++) {
                b.put((byte) pixel(i, p));
            }
        }
        return b.array();
    }

    /** @return the value of pixel p of image i in {@link #images} */
    public static int pixel(int i, int p) {
        return (i * 7 + p * 13) % 256;
    }

    /** @return an IDX label file: label i is i mod classes */
    public static byte[] labels(int count, int classes) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(count);
        for (int i = 0; i < count; i++) {
            b.put((byte) (i % classes));
        }
        return b.array();
    }

    /** @return the gzip of some bytes */
    public static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(raw);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the hex SHA-256 of some bytes */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(bytes));
    }

    /** @return the raw content of each file of {@link #spec} */
    public static Map<String, byte[]> contents() {
        return Map.of(
                "train-images-idx3-ubyte", images(TRAIN, ROWS, COLUMNS),
                "train-labels-idx1-ubyte", labels(TRAIN, CLASSES),
                "t10k-images-idx3-ubyte", images(TEST, ROWS, COLUMNS),
                "t10k-labels-idx1-ubyte", labels(TEST, CLASSES));
    }

    /**
     * @param name       the data set name
     * @param systemDirs system folders to look in
     * @param mirrors    mirror base URLs
     * @param packages   registry packages
     * @return a tiny data set whose checksums are those of {@link #contents()}
     */
    public static ImageDatasetSpec spec(String name, List<Path> systemDirs, List<String> mirrors,
                                        List<RegistryPackage> packages) {
        Map<String, byte[]> c = contents();
        return new ImageDatasetSpec(name, "tiny test set",
                new IdxFile("train-images-idx3-ubyte", sha256(c.get("train-images-idx3-ubyte")), IdxFile.Kind.IMAGES,
                        TRAIN),
                new IdxFile("train-labels-idx1-ubyte", sha256(c.get("train-labels-idx1-ubyte")), IdxFile.Kind.LABELS,
                        TRAIN),
                new IdxFile("t10k-images-idx3-ubyte", sha256(c.get("t10k-images-idx3-ubyte")), IdxFile.Kind.IMAGES,
                        TEST),
                new IdxFile("t10k-labels-idx1-ubyte", sha256(c.get("t10k-labels-idx1-ubyte")), IdxFile.Kind.LABELS,
                        TEST),
                ROWS, COLUMNS, List.of("a", "b", "c"), systemDirs, mirrors, packages);
    }

    /** @return a spec with nowhere to fetch from */
    public static ImageDatasetSpec offlineSpec(String name) {
        return spec(name, List.of(), List.of(), List.of());
    }

    /**
     * @param home the keras4j home for the test
     * @param path the client search path
     * @param work the scratch folder root
     * @return settings with short time limits
     */
    public static FetchSettings settings(Path home, String path, Path work) {
        return new FetchSettings(home, path, work, Duration.ofSeconds(20), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Map.of());
    }

    /** Writes each file of {@link #contents()} into a folder, gzip-compressed or raw. */
    public static void writeAll(Path folder, boolean gzip) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, byte[]> e : contents().entrySet()) {
            Path file = folder.resolve(e.getKey() + (gzip ? ".gz" : ""));
            Files.write(file, gzip ? gzip(e.getValue()) : e.getValue());
        }
    }

    /** @return the names of everything in a folder (recursively), sorted; empty when it does not exist */
    public static List<String> listing(Path folder) {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            List<String> names = new ArrayList<>();
            walk.filter(p -> !p.equals(folder)).forEach(p -> names.add(folder.relativize(p).toString()));
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the sorted file names of a complete tiny data set */
    public static List<String> allNames() {
        return List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte",
                "train-labels-idx1-ubyte");
    }

    /** Asserts that an exception's message contains every part. */
    public static void assertMessage(Throwable e, String... parts) {
        for (String part : parts) {
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(part),
                    () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }
}
