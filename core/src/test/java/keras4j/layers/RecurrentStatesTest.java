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
import keras4j.graph.KerasTensor;
import keras4j.losses.Loss;
import keras4j.optimizers.Optimizer;
import keras4j.utils.GradientCheck;

/**
 * Keras's {@code return_state} and {@code initial_state}: a recurrent layer applied with
 * {@code applyAll} returns its output and then its final states (LSTM's h and c, GRU's and
 * SimpleRNN's h), computed as Keras's formula (checked by hand), kept across masked steps; given
 * states after its sequence, it starts from them (a decoder from its encoder's states). Gradients
 * are exact through every output and state, and both are written to and read from keras4j's and
 * Keras's files with Keras's tensor indices and call arguments.
 */
class RecurrentStatesTest {
    @TempDir
    Path temp;

    /** @return the model's outputs for {@code x}, one array per output */
    private static List<INDArray> outputs(Model model, INDArray x) {
        return model.predict(List.of(x), 32);
    }

    /**
     * Saves the model as a keras4j file, a Keras 3 {@code .keras} and a Keras 2 {@code .h5}, and checks
     * each loads with the same outputs and summary.
     *
     * @return the {@code .keras} file's config.json, without spaces
     */
    private String savesAndLoads(Model model, List<INDArray> xs, String stem) throws Exception {
        List<INDArray> expected = model.predict(xs, 32);
        for (String name : List.of(stem + ".keras4j", stem + ".keras", stem + ".h5")) {
            Path file = temp.resolve(name);
            model.save(file);
            Model loaded = Model.load(file);
            List<INDArray> got = loaded.predict(xs, 32);
            for (int k = 0; k < expected.size(); k++) {
                assertTrue(expected.get(k).equalsWithEps(got.get(k), 1e-6), name + " output " + k);
            }
            assertEquals(model.summary(), loaded.summary(), name);
        }
        try (ZipFile zip = new ZipFile(temp.resolve(stem + ".keras").toFile())) {
            return new String(zip.getInputStream(zip.getEntry("config.json")).readAllBytes(), StandardCharsets.UTF_8)
                    .replace(" ", "");
        }
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
        for (Supplier<Recurrent> layer : List.<Supplier<Recurrent>>of(() -> new LSTM(3), () -> new GRU(2),
                () -> new SimpleRNN(2))) {
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
        String config = savesAndLoads(model, List.of(x), "m");
        assertTrue(config.contains("\"return_state\":true"), config);
        assertTrue(config.contains("\"keras_history\":[\"lstm\",0,1]"), "h as Keras names it: " + config);
        assertTrue(config.contains("\"keras_history\":[\"lstm\",0,2]"), "c");
        assertTrue(config.contains("[\"lstm\",0,2]]"), "c among the outputs: " + config);
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
    }

    /** @return the steps [from, to) of every sample */
    private static INDArray steps(INDArray x, int from, int to) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
    }

    @Test
    void initialStatesContinueASequence() {
        INDArray x = Arrays2.random(8, 3, 7, 2);
        for (Supplier<Recurrent> layer : List.<Supplier<Recurrent>>of(() -> new LSTM(3), () -> new GRU(3),
                () -> new GRU(3).resetAfter(false), () -> new SimpleRNN(3))) {
            KerasTensor whole = Input.tensor(7, 2);
            Functional all = new Functional(whole, layer.get().returnSequences(true).name("r").applyAll(whole));
            List<INDArray> weights = all.getLayer("r").getWeights();
            KerasTensor head = Input.tensor(3, 2);
            Functional first = new Functional(head, layer.get().returnState(true).name("r").applyAll(head));
            first.getLayer("r").setWeights(weights);
            List<INDArray> states = outputs(first, steps(x, 0, 3));

            KerasTensor tail = Input.tensor(4, 2);
            List<KerasTensor> ins = new java.util.ArrayList<>(List.of(tail));
            for (int k = 1; k < states.size(); k++) {
                ins.add(Input.tensor(3));
            }
            Functional rest = new Functional(ins, layer.get().returnSequences(true).returnState(true).name("r")
                    .applyAll(ins));
            rest.getLayer("r").setWeights(weights);
            List<INDArray> feed = new java.util.ArrayList<>(List.of(steps(x, 3, 7)));
            feed.addAll(states.subList(1, states.size()));
            List<INDArray> continued = rest.predict(feed, 8);
            INDArray expected = steps(all.predict(x), 3, 7);
            assertTrue(expected.equalsWithEps(continued.get(0), 1e-5), layer.get().getClassName() + ": "
                    + continued.get(0) + " vs " + expected);
            assertTrue(step(expected, 3).equalsWithEps(continued.get(1), 1e-5), "the final h");
        }
    }

    /** Keras's seq2seq: an encoder's final states start a decoder that reads the target sequence. */
    private static Functional seq2seq(Supplier<Recurrent> layer) {
        KerasTensor source = Input.tensor(5, 3);
        KerasTensor target = Input.tensor(4, 2);
        List<KerasTensor> encoder = layer.get().returnState(true).applyAll(source);
        List<KerasTensor> decoderIn = new java.util.ArrayList<>(List.of(target));
        decoderIn.addAll(encoder.subList(1, encoder.size()));
        KerasTensor decoded = layer.get().returnSequences(true).apply(decoderIn);
        return new Functional(List.of(source, target), List.of(new Dense(2, "softmax").apply(new Flatten()
                .apply(decoded))));
    }

    @Test
    void seq2seqGradientsAreExactAndFilesKeepTheInitialStates() throws Exception {
        INDArray source = Arrays2.random(9, 4, 5, 3);
        INDArray target = Arrays2.random(10, 4, 4, 2);
        INDArray y = Nd4j.eye(2).getRows(0, 1, 1, 0);
        for (Supplier<Recurrent> layer : List.<Supplier<Recurrent>>of(() -> new LSTM(3), () -> new GRU(2),
                () -> new SimpleRNN(2))) {
            Functional model = seq2seq(layer);
            model.compile("adam", "categorical_crossentropy");
            assertTrue(GradientCheck.check(model, List.of(source, target), List.of(y)),
                    layer.get().getClassName() + " encoder and decoder");
            model.fit(List.of(source, target), List.of(y), new FitOptions().epochs(1).verbose(0));
            String config = savesAndLoads(model, List.of(source, target), "s");
            assertTrue(config.contains("\"kwargs\":{\"initial_state\":[{\"class_name\":\"__keras_tensor__\""),
                    "Keras 3's call of the decoder: " + config);
        }
    }

    @Test
    void initialStateMisusesGetMessages() {
        KerasTensor x = Input.tensor(5, 3);
        Keras4jException shape = assertThrows(Keras4jException.class,
                () -> new LSTM(4).name("dec").apply(x, Input.tensor(4), Input.tensor(3)));
        assertTrue(shape.getMessage().contains("'dec' (LSTM): an initial_state was passed that is not compatible")
                && shape.getMessage().contains("(None, 3)"), shape.getMessage());
        Keras4jException count = assertThrows(Keras4jException.class,
                () -> new LSTM(4).apply(x, Input.tensor(4)));
        assertTrue(count.getMessage().contains("2 state(s) (h and c)"), count.getMessage());
        KerasTensor h = Input.tensor(2);
        Functional masked = new Functional(List.of(x, h), List.of(new GRU(2).apply(new Masking().apply(x), h)));
        Keras4jException mask = assertThrows(Keras4jException.class,
                () -> masked.compile("adam", "mse"));
        assertTrue(mask.getMessage().contains("initial_state and a masked sequence"), mask.getMessage());
        KerasTensor y = Input.tensor(5, 3);
        KerasTensor h2 = Input.tensor(2);
        Functional dropped = new Functional(List.of(y, h2), List.of(new GRU(2).dropout(0.2).apply(y, h2)));
        Keras4jException dropout = assertThrows(Keras4jException.class, () -> dropped.compile("adam", "mse"));
        assertTrue(dropout.getMessage().contains("has dropout"), dropout.getMessage());
    }

    /** @return the samples with their steps in reverse order */
    private static INDArray reversedSteps(INDArray x) {
        long[] steps = new long[(int) x.size(1)];
        for (int t = 0; t < steps.length; t++) {
            steps[t] = steps.length - 1 - t;
        }
        return x.get(NDArrayIndex.all(), NDArrayIndex.indices(steps), NDArrayIndex.all()).dup();
    }

    @Test
    void goBackwardsReadsTheReversedSequenceAndReturnsItsOutputsInThatOrder() throws Exception {
        INDArray x = Arrays2.random(11, 3, 5, 2).addi(0.1);
        x.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 2), NDArrayIndex.all()).assign(0);   // padded first
        for (Supplier<Recurrent> layer : List.<Supplier<Recurrent>>of(() -> new LSTM(3), () -> new GRU(2),
                () -> new SimpleRNN(2))) {
            Sequential forwards = Sequential.of(new Input(5, 2), layer.get().returnSequences(true).name("r"));
            Sequential backwards = Sequential.of(new Input(5, 2), layer.get().returnSequences(true).goBackwards(true)
                    .name("r"));
            backwards.getLayer("r").setWeights(forwards.getLayer("r").getWeights());
            assertTrue(forwards.predict(reversedSteps(x)).equalsWithEps(backwards.predict(x), 1e-5),
                    layer.get().getClassName());
            assertEquals(true, backwards.getLayer("r").getConfig().get("go_backwards"));
        }
        // masked padding at the start is at the end once reversed: the final state is the first step's
        KerasTensor in = Input.tensor(5, 2);
        Functional masked = new Functional(in, new GRU(2).goBackwards(true).returnState(true).name("r")
                .applyAll(new Masking().apply(in)));
        KerasTensor plainIn = Input.tensor(3, 2);
        Functional plain = new Functional(plainIn, new GRU(2).name("r").apply(plainIn));
        plain.getLayer("r").setWeights(masked.getLayer("r").getWeights());
        INDArray unpadded = reversedSteps(x.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(2, 5),
                NDArrayIndex.all()).dup());
        assertTrue(plain.predict(unpadded).equalsWithEps(outputs(masked, x).get(1).getRow(0, true), 1e-5),
                "masked steps skipped backwards too");

        Sequential model = Sequential.of(new Input(5, 2), new LSTM(3).goBackwards(true).returnSequences(true),
                new GRU(2).goBackwards(true), new Dense(2, "softmax"));
        model.compile("adam", "categorical_crossentropy");
        INDArray y = Nd4j.eye(2).getRows(0, 1, 1);
        assertTrue(GradientCheck.check(model, x, y), "gradients backwards");
        assertTrue(savesAndLoads(model, List.of(x), "b").contains("\"go_backwards\":true"));
        Keras4jException bi = assertThrows(Keras4jException.class,
                () -> new Bidirectional(new LSTM(2).goBackwards(true)).apply(Input.tensor(5, 2)));
        assertTrue(bi.getMessage().contains("reads the sequence both ways itself"), bi.getMessage());
    }

    /**
     * A Bidirectional's outputs are its two directions': the forward layer's and a goBackwards copy's
     * with the backward weights (its outputs put back in time order), merged or apart, then each
     * one's final states.
     */
    @Test
    void bidirectionalStatesAndUnmergedOutputsAreEachDirections() throws Exception {
        INDArray x = Arrays2.random(12, 3, 5, 2).addi(0.1);
        x.get(NDArrayIndex.point(0), NDArrayIndex.interval(3, 5), NDArrayIndex.all()).assign(0);   // padded
        for (boolean masked : new boolean[] {false, true}) {
            for (Supplier<Recurrent> layer : List.<Supplier<Recurrent>>of(() -> new LSTM(3), () -> new GRU(2),
                    () -> new SimpleRNN(2))) {
                for (String merge : java.util.Arrays.asList("concat", "sum", "ave", null)) {
                    for (boolean sequences : new boolean[] {false, true}) {
                        KerasTensor in = Input.tensor(5, 2);
                        KerasTensor seq = masked ? new Masking().apply(in) : in;
                        Functional bi = new Functional(in, new Bidirectional(layer.get().returnSequences(sequences)
                                .returnState(true), merge).name("bi").applyAll(seq));
                        List<INDArray> w = bi.getLayer("bi").getWeights();
                        int each = w.size() / 2;
                        KerasTensor fin = Input.tensor(5, 2);
                        Functional forward = new Functional(fin, layer.get().returnSequences(sequences)
                                .returnState(true).name("f").applyAll(masked ? new Masking().apply(fin) : fin));
                        forward.getLayer("f").setWeights(w.subList(0, each));
                        KerasTensor bin = Input.tensor(5, 2);
                        Functional backward = new Functional(bin, layer.get().returnSequences(sequences)
                                .returnState(true).goBackwards(true).name("b")
                                .applyAll(masked ? new Masking().apply(bin) : bin));
                        backward.getLayer("b").setWeights(w.subList(each, w.size()));
                        List<INDArray> f = outputs(forward, x);
                        List<INDArray> b = outputs(backward, x);
                        INDArray fo = f.get(0);
                        INDArray bo = sequences ? reversedSteps(b.get(0)) : b.get(0);
                        List<INDArray> expected = new java.util.ArrayList<>();
                        if (merge == null) {
                            expected.addAll(List.of(fo, bo));
                        } else {
                            expected.add(switch (merge) {
                                case "concat" -> Nd4j.concat(fo.rank() - 1, fo, bo);
                                case "sum" -> fo.add(bo);
                                default -> fo.add(bo).divi(2);
                            });
                        }
                        expected.addAll(f.subList(1, f.size()));
                        expected.addAll(b.subList(1, b.size()));
                        List<INDArray> got = outputs(bi, x);
                        String what = layer.get().getClassName() + " " + merge + (sequences ? " sequences" : "")
                                + (masked ? " masked" : "");
                        assertEquals(expected.size(), got.size(), what);
                        for (int k = 0; k < got.size(); k++) {
                            assertTrue(expected.get(k).equalsWithEps(got.get(k), 1e-5), what + " output " + k + ": "
                                    + got.get(k) + " vs " + expected.get(k));
                        }
                    }
                }
            }
        }
        // exact gradients, and files
        KerasTensor in = Input.tensor(5, 2);
        List<KerasTensor> outs = new Bidirectional(new LSTM(2).returnState(true), null).applyAll(new Masking()
                .apply(in));
        Functional model = new Functional(in, new Dense(2, "softmax").apply(new Concatenate().apply(outs)));
        model.compile("adam", "categorical_crossentropy");
        INDArray y = Nd4j.eye(2).getRows(0, 1, 1);
        assertTrue(GradientCheck.check(model, x, y), "Bidirectional with states and merge_mode None");
        assertTrue(savesAndLoads(model, List.of(x), "bi").contains("\"merge_mode\":null"));
        KerasTensor plainIn = Input.tensor(5, 2);
        Functional apart = new Functional(plainIn, new Bidirectional(new GRU(2), null).applyAll(plainIn));
        Keras4jException onnx = assertThrows(Keras4jException.class,
                () -> apart.export(temp.resolve("bi.onnx"), "onnx"));
        assertTrue(onnx.getMessage().contains("merge_mode=None"), onnx.getMessage());
    }
}
