package keras4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.JsonNodeFactory;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.internal.ModelFile;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Dropout;
import keras4j.layers.Input;
import keras4j.layers.MaxPooling2D;

/**
 * Feeds thousands of damaged model files to {@code Sequential.load}: truncated, bytes flipped,
 * blocks zeroed or inserted, random garbage. Each must either load a model that predicts exactly
 * like the original (a change the format doesn't care about) or be refused with a
 * {@link Keras4jException}; anything else is an unexpected exception, and there must be none.
 * {@code -Dkeras4j.fuzz.cases=N} (default 3000) and {@code -Dkeras4j.fuzz.seconds=S} (default 60)
 * bound the run.
 *
 * <p>The structured fuzzer edits keras4j.json the way a person might (a value deleted, nulled,
 * retyped, a number or a name changed, an array element dropped or doubled) and recomputes the
 * checksums, so every file passes its checksum: each must load into a model that predicts like the
 * original and has its parameter count, or be refused with a {@link Keras4jException}.
 * {@code -Dkeras4j.fuzz.structuredCases=N} (default 800) bounds it. The network fuzzer damages
 * network.zip (its bytes, or one of its entries: configuration.json, coefficients.bin,
 * updaterState.bin) and recomputes the checksums too; a damaged weight loads legitimately there,
 * anything else must be refused ({@code -Dkeras4j.fuzz.networkCases=N}, default 600).
 */
class ModelFileFuzzTest {
    @TempDir
    Path temp;

    @Test
    void damagedModelFilesNeverThrowAnythingButAClearRefusal() throws Exception {
        int cases = Integer.getInteger("keras4j.fuzz.cases", 3000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.getInteger("keras4j.fuzz.seconds", 60));
        Sequential model = smallCnn();
        Path good = temp.resolve("good.keras4j");
        model.save(good);
        byte[] original = Files.readAllBytes(good);
        var x = Arrays2.random(2, 4, 6, 6, 1);
        var expected = model.predict(x);

        Random random = new Random(Long.getLong("keras4j.fuzz.seed", 20261122L));
        Outcomes outcomes = new Outcomes();
        int run = 0;
        Path file = temp.resolve("fuzzed.keras4j");
        for (; run < cases && System.nanoTime() < deadline; run++) {
            byte[] bytes = mutate(original, random);
            Files.write(file, bytes);
            outcomes.load("damaged bytes", () -> assertEquals(expected, Sequential.load(file).predict(x),
                    "a file that loads predicts like the original"));
        }
        System.out.printf("model file fuzz: %d cases, %d refused clearly, %d loaded unchanged, %d unexpected%n",
                run, outcomes.refused, outcomes.loaded, outcomes.unexpected.size());
        outcomes.assertNoneUnexpected();
    }

    @Test
    void handEditedMetadataWithValidChecksumsNeverThrowsAnythingButAClearRefusal() throws Exception {
        int cases = Integer.getInteger("keras4j.fuzz.structuredCases", 800);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.getInteger("keras4j.fuzz.seconds", 60));
        Sequential model = ModelFiles.classifier(new Input(6, 6, 1), new Conv2D(2, 3, "relu"),
                new BatchNormalization(), new MaxPooling2D(2), new Flatten(), new Dropout(0.25), new Dense(4, "relu"),
                new Dense(3, "softmax"));
        model.fit(Arrays2.random(5, 8, 6, 6, 1), Arrays2.classIds(6, 8, 3), new FitOptions().epochs(2).verbose(0));
        model.setProperty("dataset", "fuzz");
        Path good = temp.resolve("good.keras4j");
        model.save(good);
        var x = Arrays2.random(2, 4, 6, 6, 1);
        var expected = model.predict(x);
        Map<String, byte[]> entries = ModelFiles.entries(good);
        JsonNode original = ModelFile.json().readTree(entries.get("keras4j.json"));

        Random random = new Random(Long.getLong("keras4j.fuzz.seed", 20261201L));
        Outcomes outcomes = new Outcomes();
        int run = 0;
        Path file = temp.resolve("edited.keras4j");
        for (; run < cases && System.nanoTime() < deadline; run++) {
            JsonNode edited = original.deepCopy();
            String change = "";
            for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
                change += edit(edited, random) + "; ";
            }
            entries.put("keras4j.json", ModelFile.json().writeValueAsBytes(edited));
            ModelFiles.write(file, entries);
            outcomes.load(change, () -> {
                Sequential loadedModel = Sequential.load(file);
                assertTrue(expected.equals(loadedModel.predict(x)) && loadedModel.countParams() == model.countParams(),
                        "loaded a different model");
            });
        }
        System.out.printf("structured model file fuzz: %d edited files (checksums valid), %d refused clearly, "
                + "%d loaded unchanged, %d unexpected%n", run, outcomes.refused, outcomes.loaded,
                outcomes.unexpected.size());
        outcomes.assertNoneUnexpected();
    }

    @Test
    void damagedNetworksWithValidChecksumsNeverThrowAnythingButAClearRefusal() throws Exception {
        int cases = Integer.getInteger("keras4j.fuzz.networkCases", 600);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.getInteger("keras4j.fuzz.seconds", 60));
        Sequential model = smallCnn();
        model.fit(Arrays2.random(5, 8, 6, 6, 1), Arrays2.classIds(6, 8, 3), new FitOptions().epochs(1).verbose(0));
        Path good = temp.resolve("good.keras4j");
        model.save(good);
        Map<String, byte[]> entries = ModelFiles.entries(good);
        byte[] network = entries.get("network.zip");
        Map<String, byte[]> inner = new java.util.LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(network))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                inner.put(e.getName(), in.readAllBytes());
            }
        }
        List<String> names = List.copyOf(inner.keySet());

        Random random = new Random(Long.getLong("keras4j.fuzz.seed", 20261201L));
        Outcomes outcomes = new Outcomes();
        int run = 0;
        Path file = temp.resolve("edited.keras4j");
        for (; run < cases && System.nanoTime() < deadline; run++) {
            String change;
            if (random.nextInt(3) == 0) {
                entries.put("network.zip", mutate(network, random));
                change = "network.zip's bytes";
            } else {
                String name = names.get(random.nextInt(names.size()));
                Map<String, byte[]> damaged = new java.util.LinkedHashMap<>(inner);
                damaged.put(name, mutate(inner.get(name), random));
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
                    for (Map.Entry<String, byte[]> e : damaged.entrySet()) {
                        zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                        zip.write(e.getValue());
                    }
                }
                entries.put("network.zip", bytes.toByteArray());
                change = name;
            }
            ModelFiles.write(file, entries);
            outcomes.load("damage to " + change, () -> Sequential.load(file).predict(Arrays2.random(2, 1, 6, 6, 1)));
        }
        System.out.printf("network.zip fuzz: %d damaged networks (checksums valid), %d refused clearly, %d loaded "
                + "(damaged weights load), %d unexpected%n", run, outcomes.refused, outcomes.loaded,
                outcomes.unexpected.size());
        outcomes.assertNoneUnexpected();
    }

    /** Applies one random edit somewhere in the tree. @return what it did, for the report */
    static String edit(JsonNode root, Random random) {
        List<String> paths = new ArrayList<>();
        List<JsonNode> parents = new ArrayList<>();
        collect(root, "", paths, parents);
        int pick = random.nextInt(paths.size());
        String path = paths.get(pick);
        JsonNode parent = parents.get(pick);
        String key = path.substring(path.lastIndexOf('/') + 1);
        JsonNode value = parent.isObject() ? parent.get(key) : parent.get(Integer.parseInt(key));
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode replacement;
        String what;
        switch (random.nextInt(6)) {
            case 0 -> {
                if (parent instanceof ObjectNode object) {
                    object.remove(key);
                } else {
                    ((ArrayNode) parent).remove(Integer.parseInt(key));
                }
                return "deleted " + path;
            }
            case 1 -> {
                replacement = f.nullNode();
                what = "null";
            }
            case 2 -> {
                JsonNode[] others = {f.textNode("x"), f.numberNode(7), f.numberNode(1.5), f.booleanNode(true),
                        f.arrayNode(), f.objectNode(), f.arrayNode().add(3).add("a")};
                replacement = others[random.nextInt(others.length)];
                what = "retyped to " + replacement;
            }
            case 3 -> {
                double v = value.isNumber() ? value.asDouble() : random.nextInt(10);
                JsonNode[] numbers = {f.numberNode((long) v + 1), f.numberNode((long) v - 1), f.numberNode(0),
                        f.numberNode(-(long) v), f.numberNode((long) v * 1000), f.numberNode(v + 0.5),
                        f.numberNode(Long.MAX_VALUE), f.numberNode(1e300), f.numberNode(Integer.MAX_VALUE)};
                replacement = numbers[random.nextInt(numbers.length)];
                what = "number " + replacement;
            }
            case 4 -> {
                String[] names = {"relu", "tanh", "sigmoid", "softmax", "linear", "same", "valid", "sgd", "adam",
                        "rmsprop", "mse", "categorical_crossentropy", "Dense", "Conv2D", "Flatten", "MaxPooling2D",
                        "AveragePooling2D", "Dropout", "InputLayer", "dense", "conv2d", "", "NaN", "accuracy"};
                replacement = f.textNode(names[random.nextInt(names.length)]);
                what = "string " + replacement;
            }
            default -> {
                if (!value.isArray() || value.isEmpty()) {
                    replacement = f.arrayNode().add(value.deepCopy());
                    what = "wrapped in an array";
                } else {
                    ArrayNode array = (ArrayNode) value;
                    if (random.nextBoolean()) {
                        array.remove(random.nextInt(array.size()));
                        return "dropped an element of " + path;
                    }
                    array.add(array.get(random.nextInt(array.size())).deepCopy());
                    return "doubled an element of " + path;
                }
            }
        }
        if (parent instanceof ObjectNode object) {
            object.set(key, replacement);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(key), replacement);
        }
        return path + " " + what;
    }

    private static void collect(JsonNode node, String at, List<String> paths, List<JsonNode> parents) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(k -> {
                paths.add(at + "/" + k);
                parents.add(node);
                collect(node.get(k), at + "/" + k, paths, parents);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                paths.add(at + "/" + i);
                parents.add(node);
                collect(node.get(i), at + "/" + i, paths, parents);
            }
        }
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

    /** @return the small CNN whose files the byte and network.zip fuzzers damage */
    private static Sequential smallCnn() {
        return ModelFiles.classifier(new Input(6, 6, 1), new Conv2D(2, 3, "relu"), new Flatten(),
                new Dense(3, "softmax"));
    }

    /** How fuzz cases ended: loaded, refused with a one-line {@link Keras4jException}, or anything else. */
    private static final class Outcomes {
        int loaded;
        int refused;
        final List<String> unexpected = new ArrayList<>();

        /** Runs one case's load (which asserts what a loaded file must do) and counts how it ended. */
        void load(String change, Runnable load) {
            try {
                load.run();
                loaded++;
            } catch (Keras4jException e) {
                if (e.getMessage().contains("\n")) {
                    unexpected.add("a message of several lines after " + change + ": " + e.getMessage());
                }
                refused++;
            } catch (RuntimeException | Error e) {
                unexpected.add(change + " -> " + e.getClass().getName() + ": " + e.getMessage());
            }
        }

        void assertNoneUnexpected() {
            assertEquals(List.of(), unexpected.subList(0, Math.min(10, unexpected.size())));
        }
    }
}
