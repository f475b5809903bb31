package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.utils.GradientCheck;

/** Embedding looks ids up in Keras's [inputDim, outputDim] table, into sequences a recurrent layer reads. */
class EmbeddingTest {
    @TempDir
    Path temp;

    private static final INDArray IDS = Nd4j.createFromArray(new float[][] {{0, 3, 1, 3}, {2, 2, 0, 1}});

    @Test
    void idsBecomeTheirRowsOfTheTable() {
        INDArray table = Arrays2.random(1, 4, 3);
        Sequential model = Sequential.of(new Input(4), new Embedding(4, 3).name("e"));
        model.getLayer("e").setWeights(List.of(table));
        INDArray out = model.predict(IDS);
        assertArrayEquals(new long[] {2, 4, 3}, out.shape());
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 4; t++) {
                assertEquals(table.getRow(IDS.getInt(b, t)), out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(t), org.nd4j.linalg.indexing.NDArrayIndex.all()));
            }
        }
        INDArray initial = Sequential.of(new Input(4), new Embedding(50, 8).name("e")).getLayer("e").getWeights()
                .get(0);
        assertArrayEquals(new long[] {50, 8}, initial.shape());
        assertTrue(initial.amaxNumber().doubleValue() <= 0.05, "Keras's uniform(-0.05, 0.05)");
        KerasTensor in = Input.tensor(4);
        Functional functional = new Functional(in, new Embedding(4, 3).name("e").apply(in));
        functional.getLayer("e").setWeights(List.of(table));
        assertEquals(out, functional.predict(IDS));
    }

    @Test
    void shapesConfigsGradientsAndFiles() throws Exception {
        Sequential model = Sequential.of(new Input(4), new Embedding(5, 3), new LSTM(2), new Dense(2, "softmax"));
        assertTrue(model.summary().contains("(None, 4, 3)") && model.summary().contains("15"), model.summary());
        Embedding e = new Embedding(5, 3).name("e");
        assertEquals(e.getConfig(), Layer.fromConfig("Embedding", e.getConfig()).getConfig());
        model.compile("adam", "categorical_crossentropy");
        INDArray y = Nd4j.eye(2);
        assertTrue(GradientCheck.check(model, IDS, y), "backprop agrees with numerical gradients");
        model.fit(IDS, y, new FitOptions().epochs(1).verbose(0));
        for (String name : List.of("m.keras4j", "m.keras", "m.h5")) {
            Path file = temp.resolve(name);
            model.save(file);
            assertTrue(model.predict(IDS).equalsWithEps(Model.load(file).predict(IDS), 1e-6), name);
        }
    }

    @Test
    void badArgumentsAreRefusedAndMaskZeroIsRead() {
        Keras4jException zero = assertThrows(Keras4jException.class, () -> new Embedding(0, 3));
        assertTrue(zero.getMessage().startsWith("Embedding: Both `input_dim` and `output_dim` should be positive"),
                zero.getMessage());
        assertTrue(((Embedding) Layer.fromConfig("Embedding", Map.of("input_dim", 3, "output_dim", 2, "mask_zero",
                true))).isMaskZero());
        Keras4jException rank = assertThrows(Keras4jException.class, () -> new Embedding(3, 2).name("e")
                .computeOutputShape(new int[] {4, 2}));
        assertTrue(rank.getMessage().contains("layer 'e' (Embedding)"), rank.getMessage());
    }
}
