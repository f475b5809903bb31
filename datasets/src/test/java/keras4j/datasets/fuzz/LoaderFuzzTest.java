package keras4j.datasets.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.Keras4jException;
import keras4j.datasets.Csv;
import keras4j.datasets.CsvOptions;
import keras4j.datasets.Idx;

/**
 * Feeds thousands of damaged IDX files (raw and gzip) and CSV tables to the loaders. Each must load
 * or be refused with a {@link Keras4jException}; any other exception is unexpected, and there must
 * be none. {@code -Dkeras4j.fuzz.cases=N} (default 3000 per loader) and
 * {@code -Dkeras4j.fuzz.seconds=S} (default 40 per loader) bound the run.
 */
class LoaderFuzzTest {
    @TempDir
    Path temp;

    private final Random random = new Random(Long.getLong("keras4j.fuzz.seed", 20261122L));

    private static byte[] idx(int magic, int... dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + n);
        buffer.putInt(magic);
        for (int d : dims) {
            buffer.putInt(d);
        }
        for (int i = 0; i < n; i++) {
            buffer.put((byte) (i % 10));
        }
        return buffer.array();
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** Runs the loader on mutated inputs; returns {loaded, refused, unexpected}. */
    private int[] fuzz(List<byte[]> originals, Consumer<byte[]> loader, List<String> unexpected) {
        int cases = Integer.getInteger("keras4j.fuzz.cases", 3000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.getInteger("keras4j.fuzz.seconds", 40));
        int[] counts = new int[3];
        for (int run = 0; run < cases && System.nanoTime() < deadline; run++) {
            byte[] bytes = mutate(originals.get(random.nextInt(originals.size())));
            try {
                loader.accept(bytes);
                counts[0]++;
            } catch (Keras4jException e) {
                counts[1]++;
            } catch (RuntimeException | Error e) {
                counts[2]++;
                if (unexpected.size() < 10) {
                    unexpected.add(e.getClass().getName() + ": " + e.getMessage() + " at " + java.util.Arrays.stream(e.getStackTrace()).limit(8).map(String::valueOf).collect(java.util.stream.Collectors.joining(" < ")));
                }
            }
        }
        return counts;
    }

    private byte[] mutate(byte[] original) {
        byte[] bytes = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 1 -> {
                for (int i = 0, n = 1 + random.nextInt(4); i < n && bytes.length > 0; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 2 -> {
                if (bytes.length > 0) {
                    int from = random.nextInt(bytes.length);
                    java.util.Arrays.fill(bytes, from, Math.min(bytes.length, from + 1 + random.nextInt(16)),
                            (byte) random.nextInt(256));
                }
            }
            case 3 -> {
                bytes = new byte[random.nextInt(256)];
                random.nextBytes(bytes);
            }
            default -> {
                int at = random.nextInt(bytes.length + 1);
                byte[] junk = new byte[1 + random.nextInt(8)];
                random.nextBytes(junk);
                byte[] out = new byte[bytes.length + junk.length];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(bytes, at, out, at + junk.length, bytes.length - at);
                bytes = out;
            }
        }
        return bytes;
    }

    @Test
    void damagedIdxFilesAreReadOrRefusedClearly() throws Exception {
        byte[] images = idx(0x00000803, 5, 4, 4);
        byte[] labels = idx(0x00000801, 5);
        List<byte[]> originals = List.of(images, labels, gzip(images), gzip(labels));
        Path file = temp.resolve("fuzz-idx3-ubyte");
        Path gz = temp.resolve("fuzz-idx3-ubyte.gz");
        List<String> unexpected = new ArrayList<>();
        int[] counts = fuzz(originals, bytes -> {
            try {
                boolean gzipped = bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
                Path target = gzipped ? gz : file;
                Files.write(target, bytes);
                if (random.nextBoolean()) {
                    Idx.readImages(target);
                } else {
                    Idx.readLabels(target);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, unexpected);
        System.out.printf("IDX fuzz: %d cases, %d read, %d refused clearly, %d unexpected%n",
                counts[0] + counts[1] + counts[2], counts[0], counts[1], counts[2]);
        assertEquals(List.of(), unexpected);
    }

    @Test
    void damagedCsvTablesAreReadOrRefusedClearly() {
        String table = "sepal_length,sepal_width,label\n5.1,3.5,0\n4.9,3.0,0\n6.2,2.9,1\n5.9,3.0,2\n";
        List<byte[]> originals = List.of(table.getBytes(StandardCharsets.UTF_8),
                table.replace(',', ';').getBytes(StandardCharsets.UTF_8));
        List<String> unexpected = new ArrayList<>();
        int[] counts = fuzz(originals, bytes -> {
            CsvOptions options = new CsvOptions().header(random.nextBoolean());
            if (random.nextBoolean()) {
                options.delimiter(';');
            }
            Csv.load(new ByteArrayInputStream(bytes), "fuzz.csv", options);
        }, unexpected);
        System.out.printf("CSV fuzz: %d cases, %d read, %d refused clearly, %d unexpected%n",
                counts[0] + counts[1] + counts[2], counts[0], counts[1], counts[2]);
        assertEquals(List.of(), unexpected);
    }
}
