package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipFile;

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
import keras4j.export.OnnxExport;
import keras4j.graph.KerasTensor;
import keras4j.losses.Loss;
import keras4j.optimizers.Optimizer;
import keras4j.utils.GradientCheck;

/**
 * Keras's {@code return_state}: a recurrent layer applied with {@code applyAll} returns its output
 * and then its final states (LSTM's h and c, GRU's and SimpleRNN's h), computed as Keras's formula
 * (checked by hand), kept across masked steps, with exact gradients through every output, and
 * written to and read from keras4j's and Keras's files with Keras's tensor indices.
 */
class ReturnStateTest {
    @TempDir
    Path temp;

    /** @return the model's outputs for {@code x}, one array per output */
    private static List<INDArray> outputs(Model model, INDArray x) {
        return model.predict(List.of(x), 32);
    }

    private static INDArray step(INDArray sequences, int t) {
        return sequences.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
    }

    @Test
    void statesFollowTheOutputInKerasOrderAndShapes() {
        KerasTensor x = Input.tensor(5, 3);
        List<KerasTensor> lstm = new LSTM(4).returnState(true).applyAll(x);
        assertEquals(3, lstm.size());
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(new int[] {4}, lstm.get(k).getShape());
            assertEquals(k, lstm.get(k).getIndex());
            assertEquals(lstm.get(0).getNode(), lstm.get(k).getNode());
        }
        List<KerasTensor> gru = new GRU(2).returnSequences(true).returnState(true).applyAll(x);
        assertEquals(2, gru.size());
        assertArrayEquals(new int[] {5, 2}, gru.get(0).getShape());
        assertArrayEquals(new int[] {2}, gru.get(1).getShape());
        assertEquals(2, new SimpleRNN(3).returnState(true).applyAll(x).size());
        assertEquals(1, new LSTM(4).applyAll(x).size(), "without returnState: the output alone");

        Functional model = new Functional(x, List.of(lstm.get(2), lstm.get(1), new Dense(1).apply(lstm.get(0))));
        assertEquals(List.of("lstm", "lstm", "dense"), model.getOutputNames());
        String summary = model.summary();
        assertTrue(summary.contains("[(None, 4), (None, 4), (None, 4)]"), summary);
        assertTrue(summary.contains("lstm[0][0]"), summary);
        assertTrue(lstm.get(2).toString().contains("index=2"), lstm.get(2).toString());
        assertEquals(true, model.getLayer("lstm").getConfig().get("return_state"));
    }

    @Test
    void lstmStatesAreItsLastOutputAndCellByKerasFormula() {
        INDArray x = Arrays2.random(1, 2, 5, 3);
        INDArray w = Arrays2.random(2, 3, 16);
        INDArray u = Arrays2.random(3, 4, 16);
        INDArray bias = Arrays2.random(4, 16);
        INDArray cells = Nd4j.zeros(2, 4);
        INDArray expected = RecurrentTest.lstmByHand(x, w, u, bias, v -> 1 / (1 + Math.exp(-v)), cells);
        INDArray last = step(expected, 4);
        for (boolean sequences : new boolean[] {false, true}) {
            KerasTensor in = Input.tensor(5, 3);
            Functional model = new Functional(in, new LSTM(4).returnSequences(sequences).returnState(true).name("l")
                    .applyAll(in));
            model.getLayer("l").setWeights(List.of(w, u, bias));
            List<INDArray> out = outputs(model, x);
            assertTrue((sequences ? expected : last).equalsWithEps(out.get(0), 1e-5), "output " + out.get(0));
            assertTrue(last.equalsWithEps(out.get(1), 1e-5), "h is the last output: " + out.get(1) + " vs " + last);
            assertTrue(cells.equalsWithEps(out.get(2), 1e-5), "c: " + out.get(2) + " vs " + cells);
        }
    }

    @Test
    void gruAndSimpleRnnStateIsTheLastOutput() {
        INDArray x = Arrays2.random(3, 3, 6, 2);
        for (Supplier<Recurrent> layer : List.<Supplier<Recurrent>>of(() -> new GRU(3), () -> new SimpleRNN(3))) {
            Sequential plain = Sequential.of(new Input(6, 2), layer.get().returnSequences(true).name("r"));
            KerasTensor in = Input.tensor(6, 2);
            Functional states = new Functional(in, layer.get().returnState(true).name("r").applyAll(in));
            states.getLayer("r").setWeights(plain.getLayer("r").getWeights());
            INDArray last = step(plain.predict(x), 5);
            List<INDArray> out = outputs(states, x);
            assertTrue(last.equalsWithEps(out.get(0), 1e-5), "output");
            assertTrue(last.equalsWithEps(out.get(1), 1e-5), "state");
        }
    }

    @Test
    void maskedStepsKeepTheStates() {
        INDArray real = Arrays2.random(4, 1, 3, 2).addi(0.1);
        INDArray padded = Nd4j.zeros(1, 6, 2);   // a hole in the middle and padding at the end
        padded.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 2), NDArrayIndex.all()).assign(
                real.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 2), NDArrayIndex.all()));
        padded.get(NDArrayIndex.point(0), NDArrayIndex.point(3), NDArrayIndex.all()).assign(
                real.get(NDArrayIndex.point(0), NDArrayIndex.point(2), NDArrayIndex.all()));
        for (Supplier<Recurrent> layer : List.<Supplier<Recurrent>>of(() -> new LSTM(3), () -> new GRU(2))) {
            KerasTensor in = Input.tensor(6, 2);
            Functional masked = new Functional(in, layer.get().returnState(true).name("r")
                    .applyAll(new Masking().apply(in)));
            KerasTensor plainIn = Input.tensor(3, 2);
            Functional plain = new Functional(plainIn, layer.get().returnState(true).name("r").applyAll(plainIn));
            plain.getLayer("r").setWeights(masked.getLayer("r").getWeights());
            List<INDArray> expected = outputs(plain, real);
            List<INDArray> got = outputs(masked, padded);
            for (int k = 0; k < expected.size(); k++) {
                assertTrue(expected.get(k).equalsWithEps(got.get(k), 1e-5), "output " + k + ": " + got.get(k)
                        + " vs " + expected.get(k));
            }
        }
        KerasTensor in = Input.tensor(6, 2);
        Functional rnn = new Functional(in, new SimpleRNN(2).returnState(true).applyAll(new Masking().apply(in)));
        Keras4jException e = assertThrows(Keras4jException.class, () -> rnn.predict(List.of(padded), 8));
        assertTrue(e.getMessage().contains("can't keep its state across masked steps"), e.getMessage());
    }

    @Test
    void gradientsAreExactThroughEveryOutput() {
        INDArray x = Arrays2.random(5, 4, 4, 2).addi(0.1);
        x.get(NDArrayIndex.point(0), NDArrayIndex.interval(2, 4), NDArrayIndex.all()).assign(0);
        x.get(NDArrayIndex.point(1), NDArrayIndex.point(1), NDArrayIndex.all()).assign(0);
        INDArray y = Nd4j.eye(2).getRows(0, 1, 1, 0);
        List<Supplier<Recurrent>> layers = List.of(() -> new LSTM(3), () -> new GRU(2), () -> new SimpleRNN(2));
        for (Supplier<Recurrent> layer : layers) {
            for (boolean masked : new boolean[] {false, true}) {
                if (masked && layer.get() instanceof SimpleRNN) {
                    continue;
                }
                KerasTensor in = Input.tensor(4, 2);
                List<KerasTensor> outs = layer.get().returnSequences(true).returnState(true)
                        .applyAll(masked ? new Masking().apply(in) : in);
                List<KerasTensor> joined = new java.util.ArrayList<>(outs);
                joined.set(0, new Flatten().apply(outs.get(0)));
                Functional model = new Functional(in, new Dense(2, "softmax").apply(new Concatenate().apply(joined)));
                model.compile("adam", "categorical_crossentropy");
                String what = layer.get().getClassName() + (masked ? " masked" : "");
                assertTrue(GradientCheck.check(model, x, y), what);
            }
        }
        // A state itself as an output, with its own loss.
        KerasTensor in = Input.tensor(4, 2);
        List<KerasTensor> outs = new LSTM(2).returnState(true).applyAll(in);
        Functional model = new Functional(in, List.of(new Dense(2, "softmax").apply(outs.get(0)), outs.get(2)));
        model.compile(Optimizer.get("adam"), Map.of("dense", Loss.get("categorical_crossentropy"),
                "lstm", Loss.get("mse")), Map.of(), Map.of());
        INDArray c = Arrays2.random(6, 4, 2);
        assertTrue(GradientCheck.check(model, List.of(x.get(NDArrayIndex.interval(0, 4)).dup()), List.of(y, c)),
                "the cell state trained by its own loss");
        model.fit(List.of(x.get(NDArrayIndex.interval(0, 4)).dup()), List.of(y, c), new FitOptions().epochs(2)
                .verbose(0));
        assertTrue(model.getHistory().getHistory().containsKey("lstm_loss"), model.getHistory().getHistory()
                .toString());
    }

    @Test
    void filesKeepTheStatesWithKerasTensorIndices() throws Exception {
        INDArray x = Arrays2.random(7, 3, 4, 2);
        KerasTensor in = Input.tensor(4, 2);
        List<KerasTensor> encoder = new LSTM(3).returnState(true).applyAll(in);
        KerasTensor hc = new Concatenate().apply(encoder.get(1), encoder.get(2));
        Functional model = new Functional(in, List.of(new Dense(2).apply(hc), encoder.get(2)));
        model.compile("adam", "mse");
        List<INDArray> expected = outputs(model, x);
        for (String name : List.of("m.keras4j", "m.keras", "m.h5")) {
            Path file = temp.resolve(name);
            model.save(file);
            Model loaded = Model.load(file);
            List<INDArray> got = outputs(loaded, x);
            for (int k = 0; k < expected.size(); k++) {
                assertTrue(expected.get(k).equalsWithEps(got.get(k), 1e-6), name + " output " + k);
            }
            assertEquals(model.summary(), loaded.summary(), name);
        }
        try (ZipFile zip = new ZipFile(temp.resolve("m.keras").toFile())) {
            String config = new String(zip.getInputStream(zip.getEntry("config.json")).readAllBytes(),
                    StandardCharsets.UTF_8).replace(" ", "");
            assertTrue(config.contains("\"return_state\":true"), config);
            assertTrue(config.contains("\"keras_history\":[\"lstm\",0,1]"), "h as Keras names it: " + config);
            assertTrue(config.contains("\"keras_history\":[\"lstm\",0,2]"), "c");
            assertTrue(config.contains("[\"lstm\",0,2]]"), "c among the outputs: " + config);
        }
    }

    @Test
    void misusesGetMessages() {
        KerasTensor x = Input.tensor(5, 3);
        Keras4jException apply = assertThrows(Keras4jException.class,
                () -> new LSTM(4).returnState(true).name("enc").apply(x));
        assertTrue(apply.getMessage().contains("'enc' (LSTM) returns 3 tensors") && apply.getMessage()
                .contains("applyAll"), apply.getMessage());
        Keras4jException sequential = assertThrows(Keras4jException.class,
                () -> Sequential.of(new Input(5, 3), new GRU(2).returnState(true)).summary());
        assertTrue(sequential.getMessage().contains("should have a single output tensor"), sequential.getMessage());
        Keras4jException bi = assertThrows(Keras4jException.class,
                () -> new Bidirectional(new LSTM(2).returnState(true)).apply(x));
        assertTrue(bi.getMessage().contains("returnState"), bi.getMessage());

        List<KerasTensor> states = new LSTM(2).returnState(true).applyAll(x);
        Functional encoder = new Functional(x, states.subList(1, 3));
        assertEquals(2, outputs(encoder, Arrays2.random(8, 2, 5, 3)).size(), "an encoder's states predict");
        Keras4jException compile = assertThrows(Keras4jException.class, () -> encoder.compile("adam", "mse"));
        assertTrue(compile.getMessage().contains("two come from one layer"), compile.getMessage());
        Keras4jException onnx = assertThrows(Keras4jException.class,
                () -> OnnxExport.export(encoder, temp.resolve("m.onnx"), "onnx"));
        assertTrue(onnx.getMessage().contains("return_state"), onnx.getMessage());
    }
}
