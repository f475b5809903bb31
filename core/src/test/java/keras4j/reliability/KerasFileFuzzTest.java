package keras4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.Keras4jException;
import keras4j.Model;

/**
 * Feeds damaged Keras files to {@code Model.load}: Keras's own {@code .h5} files (the MLP and the
 * Conv2D + BatchNormalization model of {@code keras4j/keras}) and {@code .keras} files (Keras's
 * sample, and one keras4j writes with every image layer), truncated, bytes flipped, blocks zeroed,
 * garbage inserted, and for a {@code .keras} file its {@code config.json} edited: a value removed,
 * replaced or of another type. Each must load (a change HDF5 or Keras doesn't care about, or damaged
 * weights) or be refused with a {@link Keras4jException}, within a few seconds; anything else is
 * an unexpected outcome, and there must be none. {@code -Dkeras4j.fuzz.kerasCases=N} (default 600)
 * and {@code -Dkeras4j.fuzz.seconds=S} (default 60) bound the run.
 */
class KerasFileFuzzTest {
    @TempDir
    Path temp;

    @Test
    void damagedKerasFilesNeverThrowAnythingButAClearRefusal() throws Exception {
        int cases = Integer.getInteger("keras4j.fuzz.kerasCases", 600);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.getInteger("keras4j.fuzz.seconds", 60));
        List<byte[]> originals = new ArrayList<>();
        for (String name : List.of("simple_sparse_xent_mlp_keras_2_model.h5", "cnn_batch_norm.h5")) {
            try (InputStream in = KerasFileFuzzTest.class.getResourceAsStream("/keras4j/keras/" + name)) {
                originals.add(in.readAllBytes());
            }
        }
        try (InputStream in = KerasFileFuzzTest.class.getResourceAsStream(
                "/keras4j/keras3/pre_pr22362_nested_container.keras")) {
            originals.add(in.readAllBytes());
        }
        Path written = temp.resolve("written.keras");
        keras4j.Sequential cnn = new keras4j.Sequential(new keras4j.layers.Input(6, 6, 1),
                new keras4j.layers.Conv2D(2, 3, "relu").padding("same"), new keras4j.layers.BatchNormalization(),
                new keras4j.layers.MaxPooling2D(2), new keras4j.layers.Flatten(), new keras4j.layers.Dense(3, "softmax"));
        cnn.compile("adam", "categorical_crossentropy", "accuracy");
        cnn.save(written);
        byte[] archive = Files.readAllBytes(written);
        originals.add(archive);
        String config;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(written.toFile())) {
            config = new String(zip.getInputStream(zip.getEntry("config.json")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        Random random = new Random(Long.getLong("keras4j.fuzz.seed", 20261201L));
        int loaded = 0;
        int refused = 0;
        List<String> unexpected = new ArrayList<>();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "keras-fuzz");
            t.setDaemon(true);
            return t;
        });
        int done = 0;
        try {
            for (; done < cases && System.nanoTime() < deadline; done++) {
                byte[] original = originals.get(done % originals.size());
                String how;
                byte[] damaged;
                switch (random.nextInt(original == archive ? 6 : 4)) {
                    case 0 -> {
                        int length = random.nextInt(original.length);
                        damaged = java.util.Arrays.copyOf(original, length);
                        how = "truncated to " + length;
                    }
                    case 1 -> {
                        damaged = original.clone();
                        int flips = 1 + random.nextInt(16);
                        for (int i = 0; i < flips; i++) {
                            damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
                        }
                        how = flips + " bits flipped";
                    }
                    case 2 -> {
                        damaged = original.clone();
                        int from = random.nextInt(damaged.length);
                        int length = Math.min(damaged.length - from, 1 + random.nextInt(512));
                        java.util.Arrays.fill(damaged, from, from + length, (byte) 0);
                        how = length + " bytes zeroed at " + from;
                    }
                    case 4, 5 -> {
                        how = "config.json " + editJson(config, random);
                        damaged = rezip(archive, how.substring("config.json ".length()).split("\u0000", 2)[1]);
                        how = how.split("\u0000", 2)[0];
                    }
                    default -> {
                        int at = random.nextInt(original.length);
                        byte[] junk = new byte[1 + random.nextInt(64)];
                        random.nextBytes(junk);
                        damaged = new byte[original.length + junk.length];
                        System.arraycopy(original, 0, damaged, 0, at);
                        System.arraycopy(junk, 0, damaged, at, junk.length);
                        System.arraycopy(original, at, damaged, at + junk.length, original.length - at);
                        how = junk.length + " bytes inserted at " + at;
                    }
                }
                Path file = temp.resolve("case-" + done + (original == archive ? ".keras" : ".h5"));
                Files.write(file, damaged);
                Future<Model> result = worker.submit(() -> Model.load(file));
                try {
                    result.get(20, TimeUnit.SECONDS);
                    loaded++;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Keras4jException) {
                        refused++;
                    } else {
                        unexpected.add(how + ": " + e.getCause());
                    }
                } catch (TimeoutException e) {
                    unexpected.add(how + ": no answer within 20 s");
                    break;   // the worker is stuck; the report says so
                }
                Files.delete(file);
            }
        } finally {
            worker.shutdownNow();
        }
        System.out.printf("Keras file fuzz: %d cases, %d loaded, %d refused clearly, %d unexpected%n", done, loaded,
                refused, unexpected.size());
        assertEquals(List.of(), unexpected);
        assertTrue(done >= Math.min(cases, 100), "enough cases ran: " + done);
    }

    /** JSON values a config may hold by mistake: of another type, empty, huge, negative. */
    private static final String[] VALUES = {"null", "\"\"", "\"x\"", "-1", "0", "1e308", "[]", "{}", "[null]",
        "true", "\"channels_first\"", "[0, 0]", "\"Lambda\"", "2147483648"};

    /** @return a description, a NUL, and the config with one value replaced or one key removed */
    private static String editJson(String config, Random random) {
        java.util.regex.Matcher values = java.util.regex.Pattern.compile(
                ":\\s*(\"[^\"]*\"|-?[0-9.eE+-]+|true|false|null)").matcher(config);
        List<int[]> spans = new ArrayList<>();
        while (values.find()) {
            spans.add(new int[] {values.start(1), values.end(1)});
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        String before = config.substring(span[0], span[1]);
        if (random.nextBoolean()) {
            String value = VALUES[random.nextInt(VALUES.length)];
            return "value " + before + " at " + span[0] + " replaced by " + value + "\u0000"
                    + config.substring(0, span[0]) + value + config.substring(span[1]);
        }
        int key = config.lastIndexOf(",\"", span[0]);
        if (key < 0) {
            return "unchanged\u0000" + config;
        }
        return "key before " + span[0] + " removed\u0000" + config.substring(0, key) + config.substring(span[1]);
    }

    /** @return the archive with another config.json, its other members as they were */
    private static byte[] rezip(byte[] archive, String config) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(archive));
             java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            for (java.util.zip.ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                zip.write(entry.getName().equals("config.json")
                        ? config.getBytes(java.nio.charset.StandardCharsets.UTF_8) : in.readAllBytes());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
