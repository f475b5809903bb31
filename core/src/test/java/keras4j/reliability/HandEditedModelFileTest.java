package keras4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.layers.MaxPooling2D;

/**
 * Model files edited by hand, with their checksums recomputed so they pass the checksum: each is
 * refused with one line naming the file and the value, never another exception, and never
 * loaded into a model that describes itself wrongly.
 */
class HandEditedModelFileTest {
    @TempDir
    static Path temp;
    static Path dense;
    static Path conv;

    @BeforeAll
    static void save() {
        Sequential model = ModelFiles.classifier(new Input(20), new Dense(1000, "relu"), new Dense(3, "softmax"));
        dense = temp.resolve("dense.keras4j");
        model.save(dense);
        Sequential cnn = Sequential.of(new Input(8, 8, 1), new Conv2D(2, 3, "relu"), new MaxPooling2D(2),
                new Flatten(), new Dense(3, "softmax"));
        cnn.setSeed(1);
        cnn.compile("sgd", "sparse_categorical_crossentropy");
        conv = temp.resolve("conv.keras4j");
        cnn.save(conv);
    }

    private static String refused(Path original, UnaryOperator<ObjectNode> edit, String... fragments)
            throws Exception {
        Path edited = temp.resolve("edited.keras4j");
        ModelFiles.withMetadata(original, edited, edit);
        return refused(edited, fragments);
    }

    static String refused(Path file, String... fragments) {
        Keras4jException e = assertThrows(Keras4jException.class, () -> Sequential.load(file));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(message.contains(file.toString()), "names the file: " + message);
        assertFalse(message.contains("org.deeplearning4j") || message.contains("org.nd4j"), message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "message lacks '" + fragment + "': " + message);
        }
        return message;
    }

    private static ObjectNode layer(ObjectNode json, int i) {
        return (ObjectNode) json.get("model").get("layers").get(i).get("config");
    }

    @Test
    void unitsThatDisagreeWithTheNetworkAreRefused() throws Exception {
        String message = refused(dense, j -> {
            layer(j, 1).put("units", 999);
            return j;
        }, "is damaged", "keras4j.json's model.layers[1].config.units is 999 but the network's layer 0 has 1000 units");
        assertEquals("Model file " + temp.resolve("edited.keras4j") + " is damaged: keras4j.json's "
                + "model.layers[1].config.units is 999 but the network's layer 0 has 1000 units.", message);
        refused(dense, j -> {
            ((ArrayNode) layer(j, 0).get("shape")).set(0, 21);
            return j;
        }, "model.layers[1]", "takes 21 inputs", "takes 20");
    }

    @Test
    void kernelsStridesActivationsAndLayerKindsAreCheckedAgainstTheNetwork() throws Exception {
        refused(conv, j -> {
            ArrayNode k = (ArrayNode) layer(j, 1).get("kernel_size");
            k.set(0, 2);
            return j;
        }, "model.layers[1].config.kernel_size gives [2, 3] but the network's layer 0's kernel is [3, 3]");
        refused(conv, j -> {
            ((ArrayNode) layer(j, 2).get("strides")).set(1, 1);
            return j;
        }, "model.layers[2].config.strides gives [2, 1]");
        refused(conv, j -> {
            layer(j, 1).put("activation", "tanh");
            return j;
        }, "model.layers[1].config.activation", "activation is");
        refused(conv, j -> {
            layer(j, 1).put("padding", "same");
            return j;
        }, "model.layers[1].config.padding");
        refused(conv, j -> {
            ((ObjectNode) j.get("model").get("layers").get(2)).put("class_name", "AveragePooling2D");
            return j;
        }, "model.layers[2].class_name gives AVG but the network's layer 1 pools with MAX");
        refused(conv, j -> {
            ((ObjectNode) j.get("compile").get("optimizer")).put("name", "adam").put("beta_1", 0.9)
                    .put("beta_2", 0.999).put("epsilon", 1e-7);
            return j;
        }, "compile.optimizer.name gives DL4J's Adam but the network's layer 0 was trained with Sgd");
        refused(conv, j -> {
            layer(j, 1).put("name", "renamed");
            return j;
        }, "model.layers[1].config.name is 'renamed' but the network's layer 0 is named 'conv2d'");
        refused(conv, j -> {
            ((ArrayNode) j.get("model").get("layers")).remove(2);
            return j;
        }, "is damaged: keras4j.json's model.layers");
    }

    @Test
    void missingOrMistypedValuesAreNamed() throws Exception {
        refused(dense, j -> {
            j.remove("format_version");
            return j;
        }, "keras4j.json's format_version is missing");
        refused(dense, j -> j.put("format_version", "1"), "format_version should be an integer but is \"1\"");
        refused(dense, j -> j.put("format_version", keras4j.internal.ModelFile.FORMAT_VERSION + 1),
                "in format version " + (keras4j.internal.ModelFile.FORMAT_VERSION + 1) + ", newer than this keras4j "
                        + "reads (" + keras4j.internal.ModelFile.FORMAT_VERSION + "); upgrade keras4j");
        refused(dense, j -> {
            j.remove("model");
            return j;
        }, "keras4j.json's model is missing");
        refused(dense, j -> {
            j.remove("history");
            return j;
        }, "keras4j.json's history is missing");
        refused(dense, j -> j.put("seed", 1.5), "keras4j.json's seed should be an integer but is 1.5");
        refused(dense, j -> {
            layer(j, 1).put("units", "1000");
            return j;
        }, "model.layers[1].config.units has a value of the wrong type: \"1000\"");
        refused(dense, j -> {
            layer(j, 1).put("units", 1000.5);
            return j;
        }, "model.layers[1].config.units is 1000.5, which keras4j reads as 1000");
        refused(dense, j -> {
            layer(j, 1).remove("use_bias");
            return j;
        }, "model.layers[1].config.use_bias is missing");
        refused(dense, j -> {
            layer(j, 1).put("kernel_initializer", "glorot_uniform");
            return j;
        }, "model.layers[1].config.kernel_initializer has a value of the wrong type");
        refused(dense, j -> {
            layer(j, 1).put("units", -3);
            return j;
        }, "model.layers[1].config:", "Dense");
        refused(dense, j -> {
            ((ObjectNode) j.get("model").get("layers").get(1)).put("class_name", "Lambda");
            return j;
        }, "model.layers[1].config:", "Unknown layer class 'Lambda'");
        refused(dense, j -> {
            ((ObjectNode) j.get("compile").get("optimizer")).remove("learning_rate");
            return j;
        }, "compile.optimizer.learning_rate is missing");
        refused(dense, j -> {
            ((ObjectNode) j.get("compile")).putArray("metrics").add(3);
            return j;
        }, "compile.metrics[0] should be a string but is 3");
        refused(dense, j -> {
            ((ObjectNode) j.get("history")).putArray("epochs").add("zero");
            return j;
        }, "history.epochs[0] should be an integer but is \"zero\"");
        refused(dense, j -> {
            ((ObjectNode) j.get("history").get("metrics")).putArray("loss").add(1.0).add(0.5);
            return j;
        }, "history.metrics.loss has 2 values for 0 epochs");
        refused(dense, j -> {
            j.putObject("properties").put("k", 1);
            return j;
        }, "properties.k should be a string but is 1");
        refused(dense, j -> {
            j.putArray("model");
            return j;
        }, "keras4j.json's model should be an object but is []");
    }

    @Test
    void garbageNetworksAndJsonAreRefused() throws Exception {
        Path edited = temp.resolve("garbage-network.keras4j");
        ModelFiles.withNetwork(dense, edited, "not a zip at all".getBytes());
        refused(edited, "is damaged: its network.zip");

        Map<String, byte[]> entries = ModelFiles.entries(dense);
        entries.put("keras4j.json", "{\"format\": \"keras4j-model\",, }".getBytes());
        Path badJson = temp.resolve("bad-json.keras4j");
        ModelFiles.write(badJson, entries);
        refused(badJson, "its keras4j.json is not a JSON object", "line 1, column");

        entries.put("keras4j.json", "[1, 2]".getBytes());
        ModelFiles.write(badJson, entries);
        refused(badJson, "its keras4j.json is not a JSON object");
    }

    @Test
    void resumingWithAnotherOptimizersStateIsRefusedClearly() {
        Sequential model = Sequential.of(new Input(20), new Dense(1000, "relu"), new Dense(3, "softmax"));
        model.compile("rmsprop", "sparse_categorical_crossentropy", "accuracy");
        Keras4jException e = assertThrows(Keras4jException.class, () -> model.resumeFrom(dense));
        assertEquals("Model file " + dense + " holds the state of a different optimizer than model 'sequential' is "
                + "compiled with (rmsprop). Compile with the optimizer it was saved with to resume from it.",
                e.getMessage());
    }

    @Test
    void aHistoryWithNaNLossesLoads() throws Exception {
        Sequential model = Sequential.load(dense);
        model.getHistory().record(0, Map.of("loss", Double.NaN, "accuracy", 0.5));
        Path file = temp.resolve("nan.keras4j");
        model.save(file);
        assertEquals(List.of(Double.NaN), Sequential.load(file).getHistory().get("loss"));
    }

    @Test
    void theDrawOfARandomLayerIsCheckedAgainstTheNetwork() throws Exception {
        Path random = temp.resolve("random.keras4j");
        ModelFiles.classifier(new Input(4, 4, 1), new keras4j.layers.RandomRotation(0.1), new Flatten(),
                new keras4j.layers.GaussianNoise(0.3), new Dense(3, "softmax")).save(random);
        refused(random, j -> {
            layer(j, 3).put("stddev", 0.5);
            return j;
        }, "model.layers[3].config.stddev gives GaussianNoise(stddev=0.5");
        refused(random, j -> {
            ((ArrayNode) layer(j, 1).get("factor")).set(1, 0.2);
            return j;
        }, "model.layers[1].config gives RandomImageTransform(rotation [-0.1, 0.2]");
    }
}
