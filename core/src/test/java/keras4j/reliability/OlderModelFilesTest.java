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

import keras4j.Arrays2;
import keras4j.Sequential;
import keras4j.internal.ModelFile;

/**
 * Model files written by earlier keras4j versions keep loading. {@code dense-2layer-format1.keras4j}
 * was saved by keras4j 0.1.0-SNAPSHOT before properties and streaming saves (format version 1,
 * STORED entries): Input(4), Dense(8, relu), Dense(3, softmax), seed 7, two epochs of adam; its
 * predictions on {@code Arrays2.random(3, 5, 4)} are in the file beside it.
 */
class OlderModelFilesTest {
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
            assertArrayEquals(expected[i], predicted[i], "row " + i);
        }
    }
}
