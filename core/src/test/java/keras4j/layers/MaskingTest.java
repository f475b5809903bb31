package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.utils.GradientCheck;

/**
 * Masking and Embedding(maskZero): the recurrent layers after them skip the masked steps, so a
 * padded sequence gives what the sequence without its padding gives (Keras's semantics), at the
 * start or the end of the sequences; GRU and LSTM also keep their state over masked steps in
 * between, and backpropagate exactly through masked steps.
 */
class MaskingTest {
    @TempDir
    Path temp;

    /** @return steps [from, to) of one sample, [1, to - from, features] */
    private static INDArray steps(INDArray x, int sample, int from, int to) {
        return x.get(NDArrayIndex.interval(sample, sample + 1), NDArrayIndex.interval(from, to), NDArrayIndex.all())
                .dup();
    }

    /** @return the model's prediction for one unpadded sample, the layer given the masked model's weights */
    private static INDArray unpadded(Supplier<Layer> layer, List<INDArray> weights, INDArray sample) {
        Sequential plain = Sequential.of(new Input((int) sample.size(1), (int) sample.size(2)), layer.get().name("r"));
        plain.getLayer("r").setWeights(weights);
        return plain.predict(sample);
    }

    @Test
    void paddingAtTheStartOrTheEndIsSkipped() {
        INDArray real = Arrays2.random(1, 2, 3, 2).addi(0.1);
        INDArray x = Nd4j.zeros(2, 5, 2);   // sample 0 padded at the end, sample 1 at the start
        x.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 3), NDArrayIndex.all()).assign(
                real.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()));
        x.get(NDArrayIndex.point(1), NDArrayIndex.interval(2, 5), NDArrayIndex.all()).assign(
                real.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all()));
        List<Supplier<Layer>> layers = List.of(() -> new LSTM(3), () -> new SimpleRNN(2), () -> new GRU(3),
                () -> new GRU(2).resetAfter(false), () -> new Bidirectional(new LSTM(2)),
                () -> new Bidirectional(new GRU(2), "mul"));
        for (Supplier<Layer> layer : layers) {
            Sequential masked = Sequential.of(new Input(5, 2), new Masking(), layer.get().name("r"));
            List<INDArray> weights = masked.getLayer("r").getWeights();
            INDArray got = masked.predict(x);
            for (int sample = 0; sample < 2; sample++) {
                INDArray expected = unpadded(layer, weights, steps(real, sample, 0, 3));
                assertTrue(expected.equalsWithEps(got.getRow(sample, true), 1e-5), masked.getLayer("r") + " sample "
                        + sample + ": " + got.getRow(sample, true) + " vs " + expected);
            }
        }
    }

    @Test
    void masksGoThroughSequencesAndGruAndLstmKeepTheirStateOverAHole() {
        INDArray x = Arrays2.random(3, 1, 5, 2).addi(0.1);
        x.get(NDArrayIndex.point(0), NDArrayIndex.point(2), NDArrayIndex.all()).assign(-1);   // masked: all -1
        INDArray holeless = Nd4j.concat(1, steps(x, 0, 0, 2), steps(x, 0, 3, 5));
        for (Supplier<Layer> layer : List.<Supplier<Layer>>of(() -> new GRU(3), () -> new LSTM(3))) {
            Sequential masked = Sequential.of(new Input(5, 2), new Masking(-1), layer.get().name("r"));
            INDArray expected = unpadded(layer, masked.getLayer("r").getWeights(), holeless);
            assertTrue(expected.equalsWithEps(masked.predict(x), 1e-5), masked.getLayer("r") + " skips the step");
        }

        // Masking -> SimpleRNN (sequences) -> Dropout -> LSTM: the mask reaches the LSTM
        INDArray padded = Nd4j.concat(1, steps(x, 0, 0, 2), Nd4j.zeros(1, 3, 2));
        Sequential stacked = Sequential.of(new Input(5, 2), new Masking(), new SimpleRNN(3).returnSequences(true)
                .name("s"), new Dropout(0.5), new LSTM(2).name("l"));
        Sequential plain = Sequential.of(new Input(2, 2), new SimpleRNN(3).returnSequences(true).name("s"),
                new LSTM(2).name("l"));
        plain.getLayer("s").setWeights(stacked.getLayer("s").getWeights());
        plain.getLayer("l").setWeights(stacked.getLayer("l").getWeights());
        assertTrue(plain.predict(steps(x, 0, 0, 2)).equalsWithEps(stacked.predict(padded), 1e-5), "stacked");
        INDArray sequences = Sequential.of(new Input(5, 2), new Masking(), new LSTM(2).returnSequences(true))
                .predict(padded);
        assertEquals(0.0, sequences.get(NDArrayIndex.point(0), NDArrayIndex.interval(2, 5), NDArrayIndex.all())
                .norm1Number().doubleValue(), "masked steps output zeros");
    }

    @Test
    void embeddingMaskZeroSkipsIdZero() {
        INDArray ids = Nd4j.createFromArray(new float[][] {{0, 0, 4, 2, 5}, {3, 1, 6, 0, 0}});
        KerasTensor in = Input.tensor(5);
        Functional masked = new Functional(in, new LSTM(3).name("r").apply(new Embedding(7, 2).maskZero(true)
                .name("e").apply(in)));
        INDArray got = masked.predict(ids);
        INDArray table = masked.getLayer("e").getWeights().get(0);
        List<INDArray> weights = masked.getLayer("r").getWeights();
        float[][] real = {{4, 2, 5}, {3, 1, 6}};
        for (int sample = 0; sample < 2; sample++) {
            KerasTensor plainIn = Input.tensor(3);
            Functional plain = new Functional(plainIn, new LSTM(3).name("r").apply(new Embedding(7, 2).name("e")
                    .apply(plainIn)));
            plain.getLayer("e").setWeights(List.of(table));
            plain.getLayer("r").setWeights(weights);
            INDArray expected = plain.predict(Nd4j.createFromArray(new float[][] {real[sample]}));
            assertTrue(expected.equalsWithEps(got.getRow(sample, true), 1e-5), "sample " + sample);
        }
        assertTrue(new Embedding(3, 2).maskZero(true).isMaskZero());
        assertEquals(true, new Embedding(3, 2).maskZero(true).getConfig().get("mask_zero"));
    }

    @Test
    void gradientsAreExactWithMasksAndModelsSaveAndLoad() throws Exception {
        INDArray x = Arrays2.random(4, 4, 4, 2).addi(0.1);
        x.get(NDArrayIndex.point(0), NDArrayIndex.interval(2, 4), NDArrayIndex.all()).assign(0);
        x.get(NDArrayIndex.point(1), NDArrayIndex.point(0), NDArrayIndex.all()).assign(0);
        x.get(NDArrayIndex.point(2), NDArrayIndex.point(1), NDArrayIndex.all()).assign(0);
        INDArray y = Nd4j.eye(2).getRows(0, 1, 1, 0);
        Sequential model = Sequential.of(new Input(4, 2), new Masking(), new GRU(3).returnSequences(true),
                new LSTM(2), new Dense(2, "softmax"));
        model.compile("adam", "categorical_crossentropy");
        assertTrue(GradientCheck.check(model, x, y), "masked GRU and LSTM");
        Sequential bi = Sequential.of(new Input(4, 2), new Masking(), new Bidirectional(new GRU(2), "ave"),
                new Dense(2, "softmax"));
        bi.compile("adam", "categorical_crossentropy");
        assertTrue(GradientCheck.check(bi, x, y), "masked Bidirectional");
        INDArray ids = Nd4j.createFromArray(new float[][] {{0, 1, 2}, {3, 0, 1}, {2, 2, 0}, {1, 3, 2}});
        Sequential text = Sequential.of(new Input(3), new Embedding(4, 2).maskZero(true), new GRU(2),
                new Dense(2, "softmax"));
        text.compile("adam", "categorical_crossentropy");
        assertTrue(GradientCheck.check(text, ids, y), "Embedding(maskZero)");

        model.fit(x, y, new FitOptions().epochs(1).verbose(0));
        for (Model m : List.of(model, text)) {
            INDArray in = m == model ? x : ids;
            for (String name : List.of("m.keras4j", "m.keras", "m.h5")) {
                Path file = temp.resolve(name);
                m.save(file);
                Model loaded = Model.load(file);
                assertTrue(m.predict(in).equalsWithEps(loaded.predict(in), 1e-6), name);
                assertEquals(m.summary(), loaded.summary(), name);
            }
        }
    }

    /** @return the shared Keras 2 file of Masking(0) and LSTM(32, hard_sigmoid) on (10, 42), or null */
    static Path maskingLstmFile() {
        for (Path root : List.of(Path.of("..", "..", "shared"), Path.of("..", "shared"))) {
            Path file = root.resolve("fixtures/keras/dl4j-test-resources/examples/masking/masking_zero_lstm.h5")
                    .toAbsolutePath().normalize();
            if (Files.exists(file)) {
                return file;
            }
        }
        return null;
    }

    /** The file holds no inputs and outputs: its LSTM on padded sequences gives what it gives unpadded. */
    @Test
    void kerasMaskingLstmFileSkipsThePadding() {
        Path file = maskingLstmFile();
        assumeTrue(file != null, "../shared/fixtures/keras is not here (a fresh clone without it)");
        Model model = Model.load(file);
        assertTrue(model.getLayers().get(0) instanceof Masking, model.summary());
        Layer lstm = model.getLayers().get(1);
        INDArray real = Arrays2.random(5, 2, 6, 42);
        INDArray padded = Nd4j.concat(1, Nd4j.zeros(2, 4, 42), real);   // Keras's pad_sequences pads at the start
        Sequential plain = Sequential.of(new Input(6, 42), new LSTM(32).recurrentActivation("hard_sigmoid")
                .name("r"));
        plain.getLayer("r").setWeights(lstm.getWeights());
        assertTrue(plain.predict(real).equalsWithEps(model.predict(padded), 1e-5));
        INDArray end = Nd4j.concat(1, real, Nd4j.zeros(2, 4, 42));
        assertTrue(plain.predict(real).equalsWithEps(model.predict(end), 1e-5), "padding at the end");
    }

    @Test
    void configsAndMessages() {
        Masking masking = new Masking(-1.5).name("m");
        assertEquals(Map.of("name", "m", "mask_value", -1.5), masking.getConfig());
        assertEquals(masking.getConfig(), Layer.fromConfig("Masking", masking.getConfig()).getConfig());
        assertEquals(0.0, new Masking().getMaskValue());
        assertEquals("masking", new Masking().defaultName());
        Keras4jException vector = assertThrows(Keras4jException.class, () -> new Masking().name("m")
                .computeOutputShape(new int[] {4}));
        assertTrue(vector.getMessage().contains("layer 'm' (Masking)"), vector.getMessage());
        Keras4jException activation = assertThrows(Keras4jException.class, () -> Sequential.of(new Input(4, 2),
                new Masking(), new Activation("tanh").name("a"), new LSTM(2)).compile("adam", "mse"));
        assertTrue(activation.getMessage().contains("Layer 'a' (Activation) gets a masked sequence"),
                activation.getMessage());
        // Flatten drops the mask, as in Keras
        Sequential.of(new Input(4, 2), new Masking(), new Flatten(), new Dense(1)).compile("adam", "mse");
    }
}
