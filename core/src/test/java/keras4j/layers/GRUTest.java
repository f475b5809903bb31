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

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.utils.GradientCheck;

/**
 * GRU computes Keras's formula (keras/src/layers/rnn/gru.py, both reset_after conventions) in
 * Keras's gate order z, r, h and weight layout, with exact gradients, Keras's defaults and files.
 */
class GRUTest {
    @TempDir
    Path temp;

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /**
     * Keras's GRUCell.call, by hand (tanh, sigmoid).
     *
     * @param bias [2, 3u] with resetAfter, else [3u]
     * @return every step's output [batch, time, units]
     */
    static INDArray gruByHand(INDArray x, INDArray w, INDArray u, INDArray bias, boolean resetAfter) {
        int n = (int) u.size(0);
        INDArray inBias = resetAfter ? bias.getRow(0) : bias;
        INDArray out = Nd4j.zeros(x.size(0), x.size(1), n);
        for (int b = 0; b < x.size(0); b++) {
            double[] h = new double[n];
            for (int t = 0; t < x.size(1); t++) {
                double[][] mx = new double[3][n];
                double[][] mh = new double[3][n];
                for (int g = 0; g < 3; g++) {
                    for (int j = 0; j < n; j++) {
                        int col = g * n + j;
                        double s = inBias.getDouble(col);
                        for (int k = 0; k < x.size(2); k++) {
                            s += x.getDouble(b, t, k) * w.getDouble(k, col);
                        }
                        mx[g][j] = s;
                        double r = resetAfter ? bias.getDouble(1, col) : 0;
                        for (int k = 0; k < n; k++) {
                            r += h[k] * u.getDouble(k, col);
                        }
                        mh[g][j] = r;
                    }
                }
                double[] z = new double[n];
                double[] reset = new double[n];
                for (int j = 0; j < n; j++) {
                    z[j] = sigmoid(mx[0][j] + mh[0][j]);
                    reset[j] = sigmoid(mx[1][j] + mh[1][j]);
                }
                double[] next = new double[n];
                for (int j = 0; j < n; j++) {
                    double recurrent;
                    if (resetAfter) {
                        recurrent = reset[j] * mh[2][j];
                    } else {
                        recurrent = 0;
                        for (int k = 0; k < n; k++) {
                            recurrent += reset[k] * h[k] * u.getDouble(k, 2 * n + j);
                        }
                    }
                    double hh = Math.tanh(mx[2][j] + recurrent);
                    next[j] = z[j] * h[j] + (1 - z[j]) * hh;
                    out.putScalar(new long[] {b, t, j}, next[j]);
                }
                h = next;
            }
        }
        return out;
    }

    private static INDArray lastStep(INDArray sequences) {
        return sequences.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(sequences.size(1) - 1),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
    }

    @Test
    void gruComputesKerasFormulaInKerasGateOrderBothWays() {
        INDArray x = Arrays2.random(1, 2, 5, 3);
        INDArray w = Arrays2.random(2, 3, 12);
        INDArray u = Arrays2.random(3, 4, 12);
        for (boolean resetAfter : new boolean[] {true, false}) {
            INDArray bias = resetAfter ? Arrays2.random(4, 2, 12) : Arrays2.random(4, 12);
            INDArray expected = gruByHand(x, w, u, bias, resetAfter);
            Sequential sequences = Sequential.of(new Input(5, 3), new GRU(4).resetAfter(resetAfter)
                    .returnSequences(true).name("g"));
            sequences.getLayer("g").setWeights(List.of(w, u, bias));
            INDArray all = sequences.predict(x);
            assertArrayEquals(new long[] {2, 5, 4}, all.shape());
            assertTrue(expected.equalsWithEps(all, 1e-5), "reset_after=" + resetAfter + ": " + all + " vs "
                    + expected);
            List<INDArray> back = sequences.getLayer("g").getWeights();
            assertEquals(w, back.get(0), "kernel in Keras's layout");
            assertEquals(u, back.get(1), "recurrent kernel");
            assertEquals(bias, back.get(2), "bias");

            KerasTensor in = Input.tensor(5, 3);
            Functional last = new Functional(in, new GRU(4).resetAfter(resetAfter).name("g").apply(in));
            last.getLayer("g").setWeights(List.of(w, u, bias));
            assertTrue(lastStep(expected).equalsWithEps(last.predict(x), 1e-5), "the last step only");
        }
        Sequential noBias = Sequential.of(new Input(5, 3), new GRU(4).useBias(false).returnSequences(true)
                .name("g"));
        noBias.getLayer("g").setWeights(List.of(w, u));
        assertTrue(gruByHand(x, w, u, Nd4j.zeros(2, 12), true).equalsWithEps(noBias.predict(x), 1e-5), "no bias");
    }

    @Test
    void kerasDefaultsShapesAndConfigs() {
        GRU gru = new GRU(4);
        assertEquals("tanh", gru.getActivation());
        assertEquals("sigmoid", gru.getRecurrentActivation());
        assertTrue(gru.isResetAfter() && gru.isUseBias() && !gru.isReturnSequences());
        assertEquals("orthogonal", gru.getRecurrentInitializer().getName());
        assertEquals("gru", gru.defaultName());
        // Keras: 3 * units * (features + units) weights, and 2 * 3 * units biases with reset_after
        assertEquals(3 * 4 * (3 + 4) + 2 * 12, gru.countParams(new int[] {5, 3}));
        assertEquals(3 * 4 * (3 + 4) + 12, new GRU(4).resetAfter(false).countParams(new int[] {5, 3}));
        assertEquals(3 * 4 * (3 + 4), new GRU(4).useBias(false).countParams(new int[] {5, 3}));

        Sequential model = Sequential.of(new Input(5, 3), new GRU(4).name("g"));
        List<INDArray> weights = model.getLayer("g").getWeights();
        assertArrayEquals(new long[] {3, 12}, weights.get(0).shape());
        assertArrayEquals(new long[] {4, 12}, weights.get(1).shape());
        assertArrayEquals(new long[] {2, 12}, weights.get(2).shape());
        assertEquals(Nd4j.zeros(weights.get(2).dataType(), 2, 12), weights.get(2), "zero biases");
        // The recurrent kernel [units, 3 * units] is orthogonal: its rows are orthonormal.
        INDArray u = weights.get(1).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        assertTrue(Nd4j.eye(4).castTo(u.dataType()).equalsWithEps(u.mmul(u.transpose()), 1e-5), u.mmul(u.transpose()).toString());
        assertArrayEquals(new long[] {12}, Sequential.of(new Input(5, 3), new GRU(4).resetAfter(false).name("g"))
                .getLayer("g").getWeights().get(2).shape());

        for (Layer layer : List.of(new GRU(5).recurrentActivation("hard_sigmoid").resetAfter(false)
                .returnSequences(true).dropout(0.25).name("g"), new GRU(2).useBias(false).activation("relu")
                .recurrentInitializer("glorot_uniform").name("h"))) {
            Map<String, Object> config = layer.getConfig();
            assertEquals(config, Layer.fromConfig("GRU", config).getConfig());
        }
        Map<String, Object> config = new GRU(3).resetAfter(false).getConfig();
        assertEquals(false, config.get("reset_after"));
        assertEquals(true, config.get("use_bias"));
        assertEquals("sigmoid", config.get("recurrent_activation"));
    }

    @Test
    void gradientsAreExactTrainsAndModelsSaveAndLoadInEveryFormat() throws Exception {
        INDArray x = Arrays2.random(9, 4, 5, 3);
        INDArray y = Nd4j.eye(2).getRows(0, 1, 1, 0);
        Sequential model = Sequential.of(new Input(5, 3), new GRU(4).returnSequences(true),
                new GRU(3).resetAfter(false).name("before"), new Dense(2, "softmax"));
        model.compile("adam", "categorical_crossentropy");
        model.getLayer("gru").setWeights(List.of(Arrays2.random(2, 3, 12), Arrays2.random(3, 4, 12),
                Arrays2.random(4, 2, 12)));
        assertTrue(GradientCheck.check(model, x, y), "backprop agrees with numerical gradients");
        INDArray before = model.getLayer("gru").getWeights().get(1);
        model.fit(x, y, new FitOptions().epochs(2).verbose(0));
        assertTrue(!before.equals(model.getLayer("gru").getWeights().get(1)), "training changes the weights");
        for (String name : List.of("m.keras4j", "m.keras", "m.h5")) {
            Path file = temp.resolve(name);
            model.save(file);
            Model loaded = Model.load(file);
            assertTrue(model.predict(x).equalsWithEps(loaded.predict(x), 1e-6), name);
            assertEquals(model.summary(), loaded.summary(), name);
            assertEquals(model.getLayer("before").getConfig(), loaded.getLayer("before").getConfig(), name);
        }
    }

    @Test
    void kerasThreeKeepsTheVariablesInTheCellAndTheConfigHasKerasKeys() throws Exception {
        Sequential model = Sequential.of(new Input(5, 3), new GRU(4), new Dense(1));
        Path file = temp.resolve("m.keras");
        model.save(file);
        Path weights = temp.resolve("model.weights.h5");
        String json;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            try (InputStream in = zip.getInputStream(zip.getEntry("model.weights.h5"))) {
                Files.copy(in, weights);
            }
            try (InputStream in = zip.getInputStream(zip.getEntry("config.json"))) {
                json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        try (HdfFile h5 = new HdfFile(weights)) {
            for (int i = 0; i < 3; i++) {
                long[] shape = java.util.Arrays.stream(h5.getDatasetByPath("layers/gru/cell/vars/" + i)
                        .getDimensions()).asLongStream().toArray();
                assertArrayEquals(model.getLayer("gru").getWeights().get(i).shape(), shape, "variable " + i);
            }
        }
        for (String key : List.of("\"reset_after\": true", "\"recurrent_activation\": \"sigmoid\"",
                "\"class_name\": \"Orthogonal\"", "\"use_bias\": true")) {
            assertTrue(json.replace("\":true", "\": true").replace("\":\"", "\": \"").contains(key), key + " in "
                    + json);
        }
    }

    @Test
    void badArgumentsGetKerasMessages() {
        Keras4jException units = assertThrows(Keras4jException.class, () -> new GRU(0));
        assertEquals("GRU: Received an invalid value for argument `units`, expected a positive integer, got 0.",
                units.getMessage());
        Keras4jException dropout = assertThrows(Keras4jException.class, () -> Layer.fromConfig("GRU",
                Map.of("units", 3, "recurrent_dropout", 1.5)));
        assertTrue(dropout.getMessage().contains("recurrent_dropout must be in [0, 1)"), dropout.getMessage());
        Keras4jException flat = assertThrows(Keras4jException.class, () -> new GRU(4).name("g")
                .computeOutputShape(new int[] {8}));
        assertTrue(flat.getMessage().contains("layer 'g' (GRU)") && flat.getMessage().contains("ndim=3"),
                flat.getMessage());
    }
}
