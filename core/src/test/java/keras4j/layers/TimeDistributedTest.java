package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jhdf.HdfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import keras4j.Arrays2;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.utils.GradientCheck;

/** TimeDistributed(Dense) applies the Dense at every step with one kernel, as Keras; Keras's config and files. */
class TimeDistributedTest {
    @TempDir
    Path temp;

    @Test
    void everyStepGetsTheDenseAndModelsSaveAndLoad() throws Exception {
        INDArray x = Arrays2.random(1, 2, 4, 3);
        Sequential model = Sequential.of(new Input(4, 3), new TimeDistributed(new Dense(2, "tanh")).name("t"));
        INDArray w = Arrays2.random(2, 3, 2);
        INDArray b = Arrays2.random(3, 2);
        model.getLayer("t").setWeights(List.of(w, b));
        INDArray expected = Transforms.tanh(x.reshape(8, 3).mmul(w).addRowVector(b)).reshape(2, 4, 2);
        assertTrue(expected.equalsWithEps(model.predict(x), 1e-5), model.predict(x) + " vs " + expected);
        assertEquals(List.of(w, b), model.getLayer("t").getWeights());
        assertArrayEquals(new int[] {4, 2}, model.getLayer("t").computeOutputShape(new int[] {4, 3}));
        assertEquals(8, model.getLayer("t").countParams(new int[] {4, 3}));

        Sequential trained = Sequential.of(new Input(4, 3), new TimeDistributed(new Dense(2, "tanh")),
                new LSTM(2), new Dense(2, "softmax"));
        trained.compile("adam", "categorical_crossentropy");
        assertTrue(GradientCheck.check(trained, x, Nd4j.eye(2)), "first-layer TimeDistributed backprop");
        for (String name : List.of("m.keras4j", "m.keras", "m.h5")) {
            Path file = temp.resolve(name);
            trained.save(file);
            Model loaded = Model.load(file);
            assertTrue(trained.predict(x).equalsWithEps(loaded.predict(x), 1e-6), name);
            assertEquals(trained.summary(), loaded.summary(), name);
        }
        Path file = temp.resolve("m.keras");
        Path weights = temp.resolve("model.weights.h5");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile());
             InputStream in = zip.getInputStream(zip.getEntry("model.weights.h5"))) {
            Files.copy(in, weights);
        }
        try (HdfFile h5 = new HdfFile(weights)) {
            assertArrayEquals(new int[] {3, 2}, h5.getDatasetByPath("layers/time_distributed/layer/vars/0")
                    .getDimensions());
        }
    }

    @Test
    void configsAndMessages() {
        TimeDistributed layer = new TimeDistributed(new Dense(4, "relu")).name("t");
        Map<String, Object> config = layer.getConfig();
        assertEquals(config, Layer.fromConfig("TimeDistributed", config).getConfig());
        assertEquals("time_distributed", layer.defaultName());
        Keras4jException conv = assertThrows(Keras4jException.class, () -> new TimeDistributed(new Conv2D(2, 3)));
        assertTrue(conv.getMessage().contains("keras4j wraps a Dense layer; received a Conv2D"), conv.getMessage());
        Keras4jException flat = assertThrows(Keras4jException.class, () -> layer.computeOutputShape(new int[] {4}));
        assertTrue(flat.getMessage().contains("layer 't' (TimeDistributed)"), flat.getMessage());
    }
}
