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
 * Conv2D + BatchNormalization model of {@code keras4j/keras}), truncated, bytes flipped, blocks
 * zeroed, garbage inserted. Each must load (a change HDF5 or Keras doesn't care about, or damaged
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
                switch (random.nextInt(4)) {
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
                Path file = temp.resolve("case-" + done + ".h5");
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
}
