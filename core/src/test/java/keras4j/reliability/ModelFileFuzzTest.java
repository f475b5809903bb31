package keras4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.Arrays2;
import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;

/**
 * Feeds thousands of damaged model files to {@code Sequential.load}: truncated, bytes flipped,
 * blocks zeroed or inserted, random garbage. Each must either load a model that predicts exactly
 * like the original (a change the format doesn't care about) or be refused with a
 * {@link Keras4jException}; anything else is an unexpected exception, and there must be none.
 * {@code -Dkeras4j.fuzz.cases=N} (default 3000) and {@code -Dkeras4j.fuzz.seconds=S} (default 60)
 * bound the run.
 */
class ModelFileFuzzTest {
    @TempDir
    Path temp;

    @Test
    void damagedModelFilesNeverThrowAnythingButAClearRefusal() throws Exception {
        int cases = Integer.getInteger("keras4j.fuzz.cases", 3000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.getInteger("keras4j.fuzz.seconds", 60));
        Sequential model = Sequential.of(new Input(6, 6, 1), new Conv2D(2, 3, "relu"), new Flatten(),
                new Dense(3, "softmax"));
        model.setSeed(1);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        Path good = temp.resolve("good.keras4j");
        model.save(good);
        byte[] original = Files.readAllBytes(good);
        var x = Arrays2.random(2, 4, 6, 6, 1);
        var expected = model.predict(x);

        Random random = new Random(Long.getLong("keras4j.fuzz.seed", 20261122L));
        int refused = 0;
        int loaded = 0;
        List<String> unexpected = new ArrayList<>();
        int run = 0;
        Path file = temp.resolve("fuzzed.keras4j");
        for (; run < cases && System.nanoTime() < deadline; run++) {
            byte[] bytes = mutate(original, random);
            Files.write(file, bytes);
            try {
                Sequential loadedModel = Sequential.load(file);
                assertEquals(expected, loadedModel.predict(x), "a file that loads predicts like the original");
                loaded++;
            } catch (Keras4jException e) {
                refused++;
            } catch (RuntimeException | Error e) {
                if (unexpected.size() < 10) {
                    unexpected.add(e.getClass().getName() + ": " + e.getMessage());
                }
            }
        }
        System.out.printf("model file fuzz: %d cases, %d refused clearly, %d loaded unchanged, %d unexpected%n",
                run, refused, loaded, run - refused - loaded);
        assertEquals(List.of(), unexpected);
    }

    static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(6)) {
            case 0 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));        // truncated
            case 1 -> {                                                                             // bytes flipped
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 2 -> {                                                                             // a block zeroed
                int from = random.nextInt(bytes.length);
                java.util.Arrays.fill(bytes, from, Math.min(bytes.length, from + 1 + random.nextInt(512)), (byte) 0);
            }
            case 3 -> {                                                                             // bytes inserted
                int at = random.nextInt(bytes.length);
                byte[] junk = new byte[1 + random.nextInt(64)];
                random.nextBytes(junk);
                byte[] out = new byte[bytes.length + junk.length];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(bytes, at, out, at + junk.length, bytes.length - at);
                bytes = out;
            }
            case 4 -> {                                                                             // garbage
                bytes = new byte[random.nextInt(4096)];
                random.nextBytes(bytes);
            }
            default -> {                                                                            // cut in the middle
                int from = random.nextInt(bytes.length);
                int to = Math.min(bytes.length, from + random.nextInt(2048));
                byte[] out = new byte[bytes.length - (to - from)];
                System.arraycopy(bytes, 0, out, 0, from);
                System.arraycopy(bytes, to, out, from, bytes.length - to);
                bytes = out;
            }
        }
        return bytes;
    }
}
