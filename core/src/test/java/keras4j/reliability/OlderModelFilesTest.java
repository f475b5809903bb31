package keras4j.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Arrays2;
import keras4j.Functional;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.internal.ModelFile;

/**
 * Model files written by earlier keras4j versions keep loading. {@code dense-2layer-format1.keras4j}
 * was saved by keras4j 0.1.0-SNAPSHOT before properties and streaming saves (format version 1,
 * STORED entries): Input(4), Dense(8, relu), Dense(3, softmax), seed 7, two epochs of adam; its
 * predictions on {@code Arrays2.random(3, 5, 4)} are in the file beside it. {@code cnn-format1} and
 * {@code mlp-sgd-format1} were written by {@link FixtureWriter} with the keras4j of 2026-12-01, before
 * the Model / Functional refactoring: a CNN (Conv2D, BatchNormalization, MaxPooling2D, Dropout,
 * Flatten, Dense; adam) and an MLP trained with SGD and momentum, each with its predictions and its
 * predictions after one more epoch of training, which pins the saved optimizer state too.
 * {@code gelu-sequential-format2} and {@code gelu-functional-format2} were written by
 * {@link FixtureWriter} with the keras4j of 2026-12-15, whose Activation and Dropout layers were
 * DL4J's own (an Activation right after the Input changed predict's x in place) and whose gelu was
 * DL4J's tanh approximation: they load with keras4j's Activation and Dropout layers and keep
 * computing the gelu they were trained with, also after one more epoch of training.
 *
 * <p>Predictions are compared to {@link #ROUNDING}: the BLAS's kernels differ by CPU (keras4j names
 * OpenBLAS's from the CPU's features), and two kernels round a product's sums differently in the
 * last bits, as keras4j's Adam step rounds differently from libnd4j's. A file that loaded wrongly
 * (a weight, an optimizer slot or an activation off) differs by orders of magnitude more.
 */
class OlderModelFilesTest {
    /** Float rounding of predictions between 0 and 1 (their float32 spacing is 6e-8 near 1). */
    private static final float ROUNDING = 1e-6f;

    @TempDir
    Path temp;

    @Test
    void aFormat1FileWithoutPropertiesLoadsAndPredictsAsWhenSaved() throws Exception {
        Path file = temp.resolve("old.keras4j");
        try (InputStream in = OlderModelFilesTest.class.getResourceAsStream(
                "/keras4j/fixtures/dense-2layer-format1.keras4j")) {
            Files.copy(in, file);
        }
        float[][] expected;
        try (InputStream in = OlderModelFilesTest.class.getResourceAsStream(
                "/keras4j/fixtures/dense-2layer-format1.predictions.json")) {
            expected = ModelFile.json().readValue(in, float[][].class);
        }
        Sequential model = Sequential.load(file);
        assertEquals(Map.of(), model.getProperties());
        assertEquals(7, model.getSeed());
        assertEquals(List.of(0, 1), model.getHistory().getEpochs());
        assertEquals(67, model.countParams());
        float[][] predicted = model.predict(Arrays2.random(3, 5, 4)).toFloatMatrix();
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], predicted[i], ROUNDING, "row " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn-format1", "mlp-sgd-format1"})
    void aFileOfTheKeras4jOfDecember2026PredictsAndTrainsOnAsWhenSaved(String name) throws Exception {
        Path file = temp.resolve(name + ".keras4j");
        try (InputStream in = OlderModelFilesTest.class.getResourceAsStream("/keras4j/fixtures/" + name + ".keras4j")) {
            Files.copy(in, file);
        }
        boolean cnn = name.startsWith("cnn");
        INDArray input = cnn ? FixtureWriter.cnnInput() : FixtureWriter.mlpInput();
        Sequential model = Sequential.load(file);
        assertEquals(cnn ? Map.of("fixture", "cnn") : Map.of(), model.getProperties());
        assertEquals(cnn ? List.of(0, 1) : List.of(0, 1, 2), model.getHistory().getEpochs());
        assertRows(expected(name), model.predict(input).toFloatMatrix());
        if (cnn) {
            model.fit(FixtureWriter.cnnX(), FixtureWriter.cnnY(), FixtureWriter.continued());
        } else {
            model.fit(FixtureWriter.mlpX(), FixtureWriter.mlpY(), FixtureWriter.continued());
        }
        assertRows(expected(name + ".continued"), model.predict(input).toFloatMatrix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gelu-sequential-format2", "gelu-functional-format2"})
    void aFileWithDl4jsActivationLayersAndGeluPredictsAndTrainsOnAsWhenSavedLeavingXAlone(String name)
            throws Exception {
        Path file = temp.resolve(name + ".keras4j");
        try (InputStream in = OlderModelFilesTest.class.getResourceAsStream("/keras4j/fixtures/" + name + ".keras4j")) {
            Files.copy(in, file);
        }
        boolean sequential = name.contains("sequential");
        Model model = Model.load(file);
        assertEquals(sequential ? Sequential.class : Functional.class, model.getClass());
        INDArray x = FixtureWriter.geluInput();
        assertOutputs(name, sequential, model.predict(List.of(x), 32));
        assertEquals(FixtureWriter.geluInput(), x, "predict left x as it was (the Activation right after the Input)");
        if (sequential) {
            model.fit(FixtureWriter.geluX(), FixtureWriter.geluY(), FixtureWriter.continued());
        } else {
            model.fit(List.of(FixtureWriter.geluX()), FixtureWriter.geluTargets(), FixtureWriter.continued());
        }
        assertOutputs(name + ".continued", sequential, model.predict(List.of(x), 32));
    }

    private static void assertOutputs(String name, boolean oneOutput, List<INDArray> predicted) throws Exception {
        float[][][] expected;
        try (InputStream in = OlderModelFilesTest.class.getResourceAsStream("/keras4j/fixtures/" + name
                + ".predictions.json")) {
            expected = oneOutput ? new float[][][] {ModelFile.json().readValue(in, float[][].class)}
                    : ModelFile.json().readValue(in, float[][][].class);
        }
        assertEquals(expected.length, predicted.size());
        for (int i = 0; i < expected.length; i++) {
            assertRows(expected[i], predicted.get(i).toFloatMatrix());
        }
    }

    private static float[][] expected(String name) throws Exception {
        try (InputStream in = OlderModelFilesTest.class.getResourceAsStream("/keras4j/fixtures/" + name
                + ".predictions.json")) {
            return ModelFile.json().readValue(in, float[][].class);
        }
    }

    private static void assertRows(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], ROUNDING, "row " + i);
        }
    }
}
