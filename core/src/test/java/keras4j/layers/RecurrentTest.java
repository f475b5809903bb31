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
import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.utils.GradientCheck;

/**
 * SimpleRNN and LSTM compute Keras's formulas on channels-last sequences, with Keras's weight
 * layout and gate order (checked against a forward pass by hand and Keras's own outputs), exact
 * gradients, and Keras's shapes, parameter counts, configs and files.
 */
class RecurrentTest {
    @TempDir
    Path temp;

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** @return x[b, t, :] · w[:, col] + h · u[:, col] + bias[col] */
    private static double pre(INDArray x, int b, int t, double[] h, INDArray w, INDArray u, INDArray bias, int col) {
        double s = bias.getDouble(col);
        for (int k = 0; k < x.size(2); k++) {
            s += x.getDouble(b, t, k) * w.getDouble(k, col);
        }
        for (int k = 0; k < h.length; k++) {
            s += h[k] * u.getDouble(k, col);
        }
        return s;
    }

    /** Keras's LSTM (gates i, f, c, o; tanh and sigmoid), by hand: every step's output [batch, time, units] */
    static INDArray lstmByHand(INDArray x, INDArray w, INDArray u, INDArray bias) {
        return lstmByHand(x, w, u, bias, RecurrentTest::sigmoid, null);
    }

    /** Keras 2's hard_sigmoid */
    private static double hardSigmoid(double v) {
        return Math.max(0, Math.min(1, 0.2 * v + 0.5));
    }

    /**
     * @param rec   the recurrent activation
     * @param cells receives the cell state after the last step [batch, units], or null
     * @return every step's output [batch, time, units]
     */
    static INDArray lstmByHand(INDArray x, INDArray w, INDArray u, INDArray bias,
                               java.util.function.DoubleUnaryOperator rec, INDArray cells) {
        int n = (int) u.size(0);
        INDArray out = Nd4j.zeros(x.size(0), x.size(1), n);
        for (int b = 0; b < x.size(0); b++) {
            double[] h = new double[n];
            double[] c = new double[n];
            for (int t = 0; t < x.size(1); t++) {
                double[] next = new double[n];
                for (int j = 0; j < n; j++) {
                    double i = rec.applyAsDouble(pre(x, b, t, h, w, u, bias, j));
                    double f = rec.applyAsDouble(pre(x, b, t, h, w, u, bias, n + j));
                    double g = Math.tanh(pre(x, b, t, h, w, u, bias, 2 * n + j));
                    double o = rec.applyAsDouble(pre(x, b, t, h, w, u, bias, 3 * n + j));
                    c[j] = f * c[j] + i * g;
                    next[j] = o * Math.tanh(c[j]);
                }
                h = next;
                for (int j = 0; j < n; j++) {
                    out.putScalar(new long[] {b, t, j}, h[j]);
                }
            }
            for (int j = 0; cells != null && j < n; j++) {
                cells.putScalar(b, j, c[j]);
            }
        }
        return out;
    }

    @Test
    void lstmComputesKerasFormulaInKerasGateOrder() {
        INDArray x = Arrays2.random(1, 2, 5, 3);
        INDArray w = Arrays2.random(2, 3, 16);
        INDArray u = Arrays2.random(3, 4, 16);
        INDArray bias = Arrays2.random(4, 16);
        INDArray expected = lstmByHand(x, w, u, bias);

        Sequential sequences = Sequential.of(new Input(5, 3), new LSTM(4).returnSequences(true).name("l"));
        sequences.getLayer("l").setWeights(List.of(w, u, bias));
        INDArray all = sequences.predict(x);
        assertArrayEquals(new long[] {2, 5, 4}, all.shape());
        assertTrue(expected.equalsWithEps(all, 1e-5), all + " vs " + expected);
        List<INDArray> back = sequences.getLayer("l").getWeights();
        assertEquals(w, back.get(0), "kernel in Keras's layout");
        assertEquals(u, back.get(1), "recurrent kernel");
        assertEquals(bias, back.get(2), "bias");

        KerasTensor in = Input.tensor(5, 3);
        Functional last = new Functional(in, new LSTM(4).name("l").apply(in));
        last.getLayer("l").setWeights(List.of(w, u, bias));
        INDArray lastStep = expected.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(4), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertTrue(lastStep.equalsWithEps(last.predict(x), 1e-5), "the last step only");
        // The forget gate's bias starts at 1 (unit_forget_bias), the other gates' at 0.
        INDArray initial = Sequential.of(new Input(5, 3), new LSTM(4).name("l")).getLayer("l").getWeights().get(2);
        assertEquals(Nd4j.createFromArray(0f, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0), initial);
    }

    /** Keras's SimpleRNN (tanh), by hand: every step's output [batch, time, units] */
    private static INDArray rnnByHand(INDArray x, INDArray w, INDArray u, INDArray bias) {
        int n = (int) u.size(0);
        INDArray out = Nd4j.zeros(x.size(0), x.size(1), n);
        for (int b = 0; b < x.size(0); b++) {
            double[] h = new double[n];
            for (int t = 0; t < x.size(1); t++) {
                double[] next = new double[n];
                for (int j = 0; j < n; j++) {
                    next[j] = Math.tanh(pre(x, b, t, h, w, u, bias, j));
                    out.putScalar(new long[] {b, t, j}, next[j]);
                }
                h = next;
            }
        }
        return out;
    }

    static INDArray lastStep(INDArray sequences) {
        return sequences.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(sequences.size(1) - 1),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
    }

    @Test
    void simpleRnnComputesKerasFormula() {
        INDArray x = Arrays2.random(5, 3, 4, 2);
        INDArray w = Arrays2.random(6, 2, 3);
        INDArray u = Arrays2.random(7, 3, 3);
        INDArray bias = Arrays2.random(8, 3);
        Sequential model = Sequential.of(new Input(4, 2), new SimpleRNN(3).returnSequences(true).name("r"));
        model.getLayer("r").setWeights(List.of(w, u, bias));
        assertTrue(rnnByHand(x, w, u, bias).equalsWithEps(model.predict(x), 1e-5));
        assertEquals(u, model.getLayer("r").getWeights().get(1), "recurrent kernel [units, units]");
    }

    @Test
    void shapesParamsAndConfigsAreKeras() {
        Sequential model = Sequential.of(new Input(20, 3), new LSTM(32).returnSequences(true), new SimpleRNN(8),
                new Dense(1));
        String summary = model.summary();
        assertTrue(summary.contains("(None, 20, 32)") && summary.contains("4,608") && summary.contains("328"),
                summary);
        assertEquals(4 * 32 * (3 + 32 + 1), new LSTM(32).countParams(new int[] {20, 3}));
        assertEquals(8 * 32 + 8 * 8 + 8, new SimpleRNN(8).countParams(new int[] {20, 32}));
        for (Layer layer : List.of(new LSTM(5).recurrentActivation("hard_sigmoid").unitForgetBias(false)
                .returnSequences(true).dropout(0.25).name("l"), new SimpleRNN(2).activation("relu").name("r"))) {
            Map<String, Object> config = layer.getConfig();
            assertEquals(config, Layer.fromConfig(layer.getClassName(), config).getConfig());
        }
        assertEquals("lstm", new LSTM(1).defaultName());
        assertEquals("simple_rnn", new SimpleRNN(1).defaultName());
    }

    @Test
    void gradientsAreExactAndModelsSaveAndLoad() throws Exception {
        INDArray x = Arrays2.random(9, 4, 5, 3);
        INDArray y = Nd4j.eye(2).getRows(0, 1, 1, 0);
        Sequential model = Sequential.of(new Input(5, 3), new LSTM(4).returnSequences(true), new SimpleRNN(3),
                new Dense(2, "softmax"));
        model.compile("adam", "categorical_crossentropy");
        assertTrue(GradientCheck.check(model, x, y), "Sequential backprop agrees with numerical gradients");
        KerasTensor in = Input.tensor(5, 3);
        KerasTensor seq = new SimpleRNN(3).returnSequences(true).apply(in);
        Functional functional = new Functional(in, new Dense(2, "softmax").apply(new Flatten().apply(
                new LSTM(2).returnSequences(true).apply(seq))));
        functional.compile("adam", "categorical_crossentropy");
        assertTrue(GradientCheck.check(functional, x, y), "Functional backprop, through Flatten of sequences");

        model.fit(x, y, new FitOptions().epochs(1).verbose(0));
        for (String name : List.of("m.keras4j", "m.keras", "m.h5")) {
            Path file = temp.resolve(name);
            model.save(file);
            Model loaded = Model.load(file);
            assertTrue(model.predict(x).equalsWithEps(loaded.predict(x), 1e-6), name);
            assertEquals(model.summary(), loaded.summary(), name);
        }
        Path file = temp.resolve("f.keras");
        functional.save(file);
        assertTrue(functional.predict(x).equalsWithEps(Model.load(file).predict(x), 1e-6));
    }

    @Test
    void sequencesFlattenAndAFrozenLstmKeepsItsWeights() {
        INDArray x = Arrays2.random(12, 4, 5, 3);
        INDArray y = Nd4j.eye(2).getRows(0, 1, 1, 0);
        Sequential model = Sequential.of(new Input(5, 3), new LSTM(4).returnSequences(true).name("l"),
                new Flatten(), new Dense(2, "softmax"));
        assertTrue(model.summary().contains("(None, 20)"), model.summary());
        INDArray w = Arrays2.random(2, 3, 16);
        INDArray u = Arrays2.random(3, 4, 16);
        INDArray bias = Arrays2.random(4, 16);
        model.getLayer("l").setWeights(List.of(w, u, bias));
        INDArray flat = model.getLayer("l").getWeights().get(0);
        List<INDArray> dense = model.getLayers().get(2).getWeights();
        INDArray logits = lstmByHand(x, w, u, bias).reshape(4, 20).mmul(dense.get(0)).addRowVector(dense.get(1));
        INDArray e = Transforms.exp(logits, true);
        assertTrue(e.divColumnVector(e.sum(1)).equalsWithEps(model.predict(x), 1e-5), "Flatten keeps (time, units)");
        model.getLayer("l").trainable(false);
        model.compile("adam", "categorical_crossentropy");
        model.fit(x, y, new FitOptions().epochs(2).verbose(0));
        assertEquals(flat, model.getLayer("l").getWeights().get(0), "frozen");
    }

    @Test
    void kerasThreeKeepsTheVariablesInTheCell() throws Exception {
        Sequential model = Sequential.of(new Input(5, 3), new LSTM(4), new Dense(1));
        Path file = temp.resolve("m.keras");
        model.save(file);
        Path weights = temp.resolve("model.weights.h5");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile());
             InputStream in = zip.getInputStream(zip.getEntry("model.weights.h5"))) {
            Files.copy(in, weights);
        }
        try (HdfFile h5 = new HdfFile(weights)) {
            for (int i = 0; i < 3; i++) {
                long[] shape = java.util.Arrays.stream(h5.getDatasetByPath("layers/lstm/cell/vars/" + i)
                        .getDimensions()).asLongStream().toArray();
                assertArrayEquals(model.getLayer("lstm").getWeights().get(i).shape(), shape, "variable " + i);
            }
        }
    }

    private Path fixture(String name) throws Exception {
        Path file = temp.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = RecurrentTest.class.getResourceAsStream("/keras4j/keras/" + name)) {
                Files.copy(in, file);
            }
        }
        return file;
    }

    /** @return the only dataset of a golden file's group */
    private static INDArray only(HdfFile file, String group) {
        io.jhdf.api.Group g = (io.jhdf.api.Group) file.getChild(group);
        assertEquals(1, g.getChildren().size(), group + ": " + g.getChildren().keySet());
        io.jhdf.api.Dataset d = (io.jhdf.api.Dataset) g.getChildren().values().iterator().next();
        long[] shape = java.util.Arrays.stream(d.getDimensions()).asLongStream().toArray();
        return Nd4j.createFromArray(flat(d.getData())).reshape(shape);
    }

    private static float[] flat(Object data) {
        if (data instanceof float[] f) {
            return f;
        }
        if (data instanceof double[] d) {
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
        Object[] parts = (Object[]) data;
        float[][] each = new float[parts.length][];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            each[i] = flat(parts[i]);
            n += each[i].length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] part : each) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /**
     * Keras 2's SimpleRNN and LSTM files (hard_sigmoid gates) load and predict Keras's formula with
     * the files' weights, on the inputs stored with them. The "outputs" stored with these three are
     * not the models' predictions (about equal to the inputs, e.g. -84.98 for simple_rnn, whose
     * output can't exceed 19.8 in size: 50 tanh units times its Dense kernel), so they can't be compared.
     */
    @Test
    void kerasTwoRecurrentFilesPredictKerasFormulaWithTheirWeights() throws Exception {
        for (String name : List.of("simple_lstm", "simple_rnn", "simple_flatten_lstm")) {
            Model model = Model.load(fixture(name + "_tf_keras_2_model.h5"));
            INDArray x;
            try (HdfFile file = new HdfFile(fixture(name + "_tf_keras_2_inputs_and_outputs.h5"))) {
                x = only(file, "inputs");
            }
            Layer rnn = model.getLayers().get(0);
            List<INDArray> w = rnn.getWeights();
            INDArray h = lastStep(rnn instanceof LSTM ? lstmByHand(x, w.get(0), w.get(1), w.get(2),
                    RecurrentTest::hardSigmoid, null) : rnnByHand(x, w.get(0), w.get(1), w.get(2)));
            List<INDArray> dense = model.getLayers().get(1).getWeights();
            INDArray expected = h.mmul(dense.get(0)).addRowVector(dense.get(1));
            INDArray predicted = model.predict(x);
            double diff = Transforms.abs(predicted.sub(expected)).maxNumber().doubleValue();
            assertTrue(diff <= 1e-5, name + " differs from Keras's formula by " + diff);
        }
    }

    /** A Functional Keras 2 model: 10 steps of an LSTM(8) with hard_sigmoid gates, then Dense(5, softmax). */
    @Test
    void theSharedFunctionalLstmPredictsKerasFormula() {
        Path file = Path.of("..", "..", "shared", "fixtures", "keras", "dl4j-test-resources", "examples",
                "functional_lstm", "lstm_functional_tf_keras_2.h5").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(file), "no " + file);
        Model model = Model.load(file);
        assertEquals(416 + 45, model.countParams());
        INDArray x = Arrays2.random(11, 3, 10, 4);
        List<INDArray> w = model.getLayer("lstm").getWeights();
        List<INDArray> dense = model.getLayer("outputLayer_a").getWeights();
        INDArray logits = lastStep(lstmByHand(x, w.get(0), w.get(1), w.get(2), RecurrentTest::hardSigmoid, null))
                .mmul(dense.get(0)).addRowVector(dense.get(1));
        INDArray e = Transforms.exp(logits, true);
        INDArray expected = e.divColumnVector(e.sum(1));
        assertTrue(expected.equalsWithEps(model.predict(x), 1e-5), model.predict(x) + " vs " + expected);
    }

    @Test
    void badArgumentsGetKerasMessagesNamingTheLayer() {
        Keras4jException units = assertThrows(Keras4jException.class, () -> new LSTM(0));
        assertEquals("LSTM: Received an invalid value for argument `units`, expected a positive integer, got 0.",
                units.getMessage());
        assertThrows(Keras4jException.class, () -> new SimpleRNN(-1));
        Keras4jException flat = assertThrows(Keras4jException.class, () -> new LSTM(4).name("l")
                .computeOutputShape(new int[] {8}));
        assertTrue(flat.getMessage().contains("layer 'l' (LSTM)") && flat.getMessage().contains("ndim=3")
                && flat.getMessage().contains("(None, 8)"), flat.getMessage());
        Keras4jException dense = assertThrows(Keras4jException.class, () -> Sequential.of(new Input(5, 3),
                new LSTM(4).returnSequences(true), new Dense(1).name("d")).summary());
        assertTrue(dense.getMessage().contains("layer 'd' (Dense)") && dense.getMessage().contains("Flatten()")
                && dense.getMessage().contains("returnSequences(false)"), dense.getMessage());
        Keras4jException stateful = assertThrows(Keras4jException.class, () -> Layer.fromConfig("LSTM",
                Map.of("units", 3, "stateful", true)));
        assertTrue(stateful.getMessage().startsWith("LSTM: stateful=True is not available"), stateful.getMessage());
        assertTrue(((Recurrent) Layer.fromConfig("GRU", Map.of("units", 3, "return_state", true))).isReturnState());
    }

    /** Keras's recurrent_dropout drops state values in training only, with exact gradients through its masks. */
    @Test
    void recurrentDropoutActsInTrainingOnly() throws Exception {
        INDArray x = Arrays2.random(21, 6, 5, 2);
        INDArray y = Nd4j.eye(2).getRows(0, 1, 1, 0, 1, 0);
        for (java.util.function.Supplier<Recurrent> layer : List.<java.util.function.Supplier<Recurrent>>of(
                () -> new LSTM(3), () -> new GRU(3), () -> new GRU(3).resetAfter(false), () -> new SimpleRNN(3))) {
            Sequential plain = Sequential.of(new Input(5, 2), layer.get().name("r"), new Dense(2, "softmax").name("d"));
            Sequential dropped = Sequential.of(new Input(5, 2), layer.get().recurrentDropout(0.4).name("r"),
                    new Dense(2, "softmax").name("d"));
            for (String name : List.of("r", "d")) {
                dropped.getLayer(name).setWeights(plain.getLayer(name).getWeights());
            }
            String what = layer.get().getClassName();
            assertTrue(plain.predict(x).equalsWithEps(dropped.predict(x), 1e-6), what + ": inference keeps every value");
            for (Sequential m : List.of(plain, dropped)) {
                m.setSeed(5);
                m.compile("sgd", "categorical_crossentropy");
            }
            assertTrue(plain.predict(x).equalsWithEps(dropped.predict(x), 1e-6), what + ": compile keeps the weights");
            assertTrue(GradientCheck.check(dropped, x, y), what + " gradients through the masks");
            plain.fit(x, y, new FitOptions().epochs(1).batchSize(6).verbose(0).shuffle(false));
            dropped.fit(x, y, new FitOptions().epochs(1).batchSize(6).verbose(0).shuffle(false));
            assertTrue(!plain.getLayer("r").getWeights().get(1).equalsWithEps(
                    dropped.getLayer("r").getWeights().get(1), 1e-7), what + ": training dropped state values");
            assertEquals(0.4, dropped.getLayer("r").getConfig().get("recurrent_dropout"));
            Path file = temp.resolve("rd.keras");
            dropped.save(file);
            assertEquals(0.4, ((Recurrent) Model.load(file).getLayer("r")).getRecurrentDropout(), what);
        }
        assertThrows(Keras4jException.class, () -> new LSTM(2).recurrentDropout(1));
    }
}
