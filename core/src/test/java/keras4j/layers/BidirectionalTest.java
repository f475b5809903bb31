package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jhdf.HdfFile;
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
 * Bidirectional runs a copy of its layer on the reversed sequence and merges the two as Keras
 * does (keras/src/layers/rnn/bidirectional.py): the backward outputs back in time order for
 * sequences, each copy's last output otherwise; weights forward first; Keras's config and files.
 */
class BidirectionalTest {
    @TempDir
    Path temp;

    /** Keras's SimpleRNN (tanh) by hand: every step's output [batch, time, units] */
    private static INDArray rnnByHand(INDArray x, INDArray w, INDArray u, INDArray bias) {
        int n = (int) u.size(0);
        INDArray out = Nd4j.zeros(x.size(0), x.size(1), n);
        for (int b = 0; b < x.size(0); b++) {
            double[] h = new double[n];
            for (int t = 0; t < x.size(1); t++) {
                double[] next = new double[n];
                for (int j = 0; j < n; j++) {
                    double s = bias.getDouble(j);
                    for (int k = 0; k < x.size(2); k++) {
                        s += x.getDouble(b, t, k) * w.getDouble(k, j);
                    }
                    for (int k = 0; k < n; k++) {
                        s += h[k] * u.getDouble(k, j);
                    }
                    next[j] = Math.tanh(s);
                    out.putScalar(new long[] {b, t, j}, next[j]);
                }
                h = next;
            }
        }
        return out;
    }

    private static INDArray reversed(INDArray sequences) {
        INDArray out = sequences.dup();
        long steps = sequences.size(1);
        for (long t = 0; t < steps; t++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all())
                    .assign(sequences.get(NDArrayIndex.all(), NDArrayIndex.point(steps - 1 - t), NDArrayIndex.all()));
        }
        return out;
    }

    private static INDArray step(INDArray sequences, long t) {
        return sequences.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
    }

    private static INDArray merge(String mode, INDArray a, INDArray b) {
        return switch (mode) {
            case "concat" -> Nd4j.concat(a.rank() - 1, a, b);
            case "sum" -> a.add(b);
            case "mul" -> a.mul(b);
            default -> a.add(b).mul(0.5);
        };
    }

    @Test
    void everyMergeModeComputesKerasFormulaWithForwardWeightsFirst() {
        INDArray x = Arrays2.random(1, 2, 4, 2);
        INDArray wf = Arrays2.random(2, 2, 3);
        INDArray uf = Arrays2.random(3, 3, 3);
        INDArray bf = Arrays2.random(4, 3);
        INDArray wb = Arrays2.random(5, 2, 3);
        INDArray ub = Arrays2.random(6, 3, 3);
        INDArray bb = Arrays2.random(7, 3);
        INDArray forward = rnnByHand(x, wf, uf, bf);
        INDArray backwardReading = rnnByHand(reversed(x), wb, ub, bb);   // the backward layer's own outputs
        for (String mode : List.of("concat", "sum", "mul", "ave")) {
            for (boolean sequences : new boolean[] {true, false}) {
                Sequential model = Sequential.of(new Input(4, 2), new Bidirectional(new SimpleRNN(3)
                        .returnSequences(sequences), mode).name("bi"));
                model.getLayer("bi").setWeights(List.of(wf, uf, bf, wb, ub, bb));
                INDArray expected = sequences ? merge(mode, forward, reversed(backwardReading))
                        : merge(mode, step(forward, 3), step(backwardReading, 3));
                INDArray got = model.predict(x);
                assertTrue(expected.equalsWithEps(got, 1e-5), mode + " sequences=" + sequences + ": " + got + " vs "
                        + expected);
                assertEquals(List.of(wf, uf, bf, wb, ub, bb), model.getLayer("bi").getWeights());
            }
        }
        INDArray w = Arrays2.random(8, 2, 6);
        INDArray u = Arrays2.random(9, 2, 6);
        INDArray bias = Arrays2.random(10, 2, 6);
        Sequential gru = Sequential.of(new Input(4, 2), new Bidirectional(new GRU(2)).name("bi"));
        gru.getLayer("bi").setWeights(List.of(w, u, bias, w.mul(2), u, bias));
        INDArray expected = Nd4j.concat(1, step(GRUTest.gruByHand(x, w, u, bias, true), 3),
                step(GRUTest.gruByHand(reversed(x), w.mul(2), u, bias, true), 3));
        assertTrue(expected.equalsWithEps(gru.predict(x), 1e-5), "GRU both ways");
    }

    @Test
    void shapesParamsConfigAndKerasMessages() {
        Bidirectional bi = new Bidirectional(new LSTM(4).returnSequences(true));
        assertArrayEquals(new int[] {5, 8}, bi.computeOutputShape(new int[] {5, 3}));
        assertArrayEquals(new int[] {4}, new Bidirectional(new LSTM(4), "sum").computeOutputShape(new int[] {5, 3}));
        assertEquals(2 * 4 * 4 * (3 + 4 + 1), bi.countParams(new int[] {5, 3}));
        assertEquals("bidirectional", bi.defaultName());
        assertEquals("concat", bi.getMergeMode());
        Map<String, Object> config = bi.name("b").getConfig();
        assertEquals(config, Layer.fromConfig("Bidirectional", config).getConfig());

        Bidirectional none = new Bidirectional(new GRU(2), null);
        assertEquals(2, none.computeOutputShapes(List.of(new int[] {5, 3})).size(), "merge_mode=None: two outputs");
        assertEquals(none.getConfig(), Layer.fromConfig("Bidirectional", none.getConfig()).getConfig());
        Keras4jException sequential = assertThrows(Keras4jException.class, () -> Sequential.of(new Input(5, 3),
                new Bidirectional(new GRU(2), null)).summary());
        assertTrue(sequential.getMessage().contains("single output tensor"), sequential.getMessage());
        Keras4jException bad = assertThrows(Keras4jException.class, () -> new Bidirectional(new GRU(2), "max"));
        assertTrue(bad.getMessage().contains("Invalid merge mode. Received: max"), bad.getMessage());
        Keras4jException flat = assertThrows(Keras4jException.class, () -> Sequential.of(new Input(6),
                new Bidirectional(new LSTM(2)).name("bi")).summary());
        assertTrue(flat.getMessage().contains("layer 'bi' (Bidirectional)") && flat.getMessage().contains("ndim=3"),
                flat.getMessage());

        // Keras's form: the backward layer reads backwards; one configured differently is refused.
        Map<String, Object> keras = new LinkedHashMap<>();
        keras.put("merge_mode", "ave");
        keras.put("layer", Map.of("class_name", "GRU", "config", Map.of("name", "forward_gru", "units", 3)));
        keras.put("backward_layer", Map.of("class_name", "GRU", "config", Map.of("name", "backward_gru", "units", 3,
                "go_backwards", true)));
        Bidirectional read = (Bidirectional) Layer.fromConfig("Bidirectional", keras);
        assertEquals(3, read.getLayer().getUnits());
        assertEquals("ave", read.getMergeMode());
        keras.put("backward_layer", Map.of("class_name", "GRU", "config", Map.of("units", 5, "go_backwards", true)));
        Keras4jException other = assertThrows(Keras4jException.class, () -> Layer.fromConfig("Bidirectional",
                keras));
        assertTrue(other.getMessage().contains("backward_layer configured differently"), other.getMessage());
    }

    @Test
    void gradientsAreExactInEveryModeAndModelsSaveAndLoadInEveryFormat() throws Exception {
        INDArray x = Arrays2.random(11, 4, 3, 2);
        INDArray y = Nd4j.eye(2).getRows(0, 1, 1, 0);
        for (String mode : List.of("sum", "mul")) {
            Sequential model = Sequential.of(new Input(3, 2), new Bidirectional(new GRU(2), mode),
                    new Dense(2, "softmax"));
            model.compile("adam", "categorical_crossentropy");
            assertTrue(GradientCheck.check(model, x, y), mode + ": backprop agrees with numerical gradients");
        }
        KerasTensor in = Input.tensor(3, 2);
        KerasTensor seq = new Bidirectional(new LSTM(2).returnSequences(true)).apply(in);
        Functional functional = new Functional(in, new Dense(2, "softmax").apply(
                new Bidirectional(new SimpleRNN(2), "ave").apply(seq)));
        functional.compile("adam", "categorical_crossentropy");
        assertTrue(GradientCheck.check(functional, x, y), "Functional backprop");
        functional.fit(x, y, new FitOptions().epochs(1).verbose(0));
        for (String name : List.of("f.keras4j", "f.keras", "f.h5")) {
            Path file = temp.resolve(name);
            functional.save(file);
            Model loaded = Model.load(file);
            assertTrue(functional.predict(x).equalsWithEps(loaded.predict(x), 1e-6), name);
            assertEquals(functional.summary(), loaded.summary(), name);
        }
    }

    @Test
    void kerasThreeKeepsEachDirectionsVariablesInItsCell() throws Exception {
        Sequential model = Sequential.of(new Input(5, 3), new Bidirectional(new GRU(4)), new Dense(1));
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
        List<INDArray> expected = model.getLayer("bidirectional").getWeights();
        try (HdfFile h5 = new HdfFile(weights)) {
            int k = 0;
            for (String side : List.of("forward_layer", "backward_layer")) {
                for (int i = 0; i < 3; i++) {
                    long[] shape = java.util.Arrays.stream(h5.getDatasetByPath("layers/bidirectional/" + side
                            + "/cell/vars/" + i).getDimensions()).asLongStream().toArray();
                    assertArrayEquals(expected.get(k++).shape(), shape, side + " variable " + i);
                }
            }
        }
        String compact = json.replace(" ", "");
        for (String key : List.of("\"merge_mode\":\"concat\"", "\"name\":\"forward_gru\"", "\"name\":\"backward_gru\"",
                "\"go_backwards\":true", "\"backward_layer\":")) {
            assertTrue(compact.contains(key), key + " in " + json);
        }
    }
}
