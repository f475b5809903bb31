package keras4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.callbacks.Callback;
import keras4j.callbacks.History;
import keras4j.callbacks.ProgbarLogger;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.Input;

/** fit's options, reproducibility, save / load, and the progress output. */
class TrainingTest {
    @TempDir
    Path temp;

    private static final INDArray X = Arrays2.random(11, 60, 5);
    private static final INDArray Y = Arrays2.classIds(12, 60, 3);

    private static Sequential classifier(long seed) {
        Sequential model = Sequential.of(new Input(5), new Dense(16, "relu"), new Dropout(0.3), new Dense(3, "softmax"));
        model.setSeed(seed);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return model;
    }

    @Test
    void aSeedMakesWeightsShufflingAndDropoutRepeat() {
        Sequential a = classifier(3);
        Sequential b = classifier(3);
        assertEquals(a.getWeights(), b.getWeights(), "initial weights");
        History ha = a.fit(X, Y, new FitOptions().epochs(3).batchSize(8).verbose(0));
        History hb = b.fit(X, Y, new FitOptions().epochs(3).batchSize(8).verbose(0));
        assertEquals(ha.getHistory(), hb.getHistory());
        assertEquals(a.getWeights(), b.getWeights(), "trained weights");
        assertNotEquals(classifier(4).getWeights(), classifier(3).getWeights(), "another seed, other weights");
    }

    @Test
    void aBlockOfRowsTrainsInPlaceAsItsCopyWould() {
        // Rows 10..50 of a larger array: fit reads them where they are (no 188 MB copy of MNIST per
        // fit call) and trains exactly as on a copy; a strided view is copied first.
        INDArray big = Arrays2.random(11, 70, 5);
        INDArray block = keras4j.internal.Data.rows(big, 10, 50);
        INDArray labels = Y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(10, 50));
        assertTrue(block.isView(), "the test trains on a view");
        Sequential onView = classifier(5);
        Sequential onCopy = classifier(5);
        History h1 = onView.fit(block, labels, new FitOptions().epochs(2).batchSize(8).verbose(0));
        History h2 = onCopy.fit(block.dup('c'), labels.dup('c'), new FitOptions().epochs(2).batchSize(8).verbose(0));
        assertEquals(h2.getHistory(), h1.getHistory());
        assertEquals(onCopy.getWeights(), onView.getWeights());
        INDArray features = keras4j.internal.Data.features(block, new int[] {5}, false, "dense", "fit");
        assertEquals(block.data().addressPointer().address() + 4L * block.offset(),
                features.data().addressPointer().address() + 4L * features.offset(), "the same memory, not a copy");
        INDArray everyOther = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 70),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertEquals(everyOther.dup('c'), keras4j.internal.Data.features(everyOther, new int[] {5}, false, "dense", "fit"));
        INDArray images = Arrays2.random(13, 6, 4, 4).reshape(6, 4, 4, 1);   // an axis of 1, as Images.addChannelAxis
        INDArray read = keras4j.internal.Data.features(images, new int[] {4, 4, 1}, false, "conv2d", "predict");
        assertEquals(images.data().addressPointer().address(), read.data().addressPointer().address(), "images in place");
    }

    @Test
    void validationSplitHoldsOutTheLastSamples() {
        Sequential model = classifier(1);
        History history = model.fit(X, Y, new FitOptions().epochs(2).validationSplit(0.25).verbose(0));
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), history.keys());
        INDArray lastQuarter = Arrays2.random(11, 60, 5).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(45, 60),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        Map<String, Double> held = model.evaluate(lastQuarter, Y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(45, 60)));
        assertEquals(held.get("loss"), history.last("val_loss"), 1e-6);
        assertEquals(held.get("accuracy"), history.last("val_accuracy"), 1e-9);
    }

    @Test
    void classWeightScalesEachSamplesLossAndMetrics() {
        // Zero weights: every output is 0.5, each sample's loss ln 2; a tiny step keeps it so.
        Sequential model = Sequential.of(new Input(1), new Dense(2, "softmax").kernelInitializer("zeros"));
        model.compile(new keras4j.optimizers.SGD(1e-9), keras4j.losses.Loss.get("sparse_categorical_crossentropy"),
                "accuracy");
        History history = model.fit(Arrays2.f(new double[][] {{1}, {2}}), Arrays2.f(0, 1),
                new FitOptions().classWeight(Map.of(0, 3.0)).batchSize(2).verbose(0));
        assertEquals((3 + 1) * Math.log(2) / 2, history.last("loss"), 1e-5);
        assertEquals(0.5, history.last("accuracy"), 1e-6, "arg-max picks class 0; Keras's metrics are unweighted");
    }

    @Test
    void sampleWeightScalesTheLossOfEachSampleAsKeras() {
        // Keras's batch loss is sum(w * loss) / batch size: with SGD, samples weighing 0 add nothing but
        // the denominator, so training on all 8 with the last 4 weighing 0 at learning rate 0.1 is
        // training on the first 4 at 0.05.
        INDArray x = Arrays2.random(3, 8, 5);
        INDArray y = Arrays2.random(4, 8, 2);
        INDArray w = Arrays2.f(1, 1, 1, 1, 0, 0, 0, 0);
        Sequential weighted = regression(0.1);
        weighted.fit(x, y, new FitOptions().sampleWeight(w).batchSize(8).shuffle(false).epochs(3).verbose(0));
        Sequential firstHalf = regression(0.05);
        INDArray half = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        firstHalf.fit(half, y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), new FitOptions().batchSize(4).shuffle(false)
                .epochs(3).verbose(0));
        for (int i = 0; i < 2; i++) {
            assertTrue(weighted.getWeights().get(i).equalsWithEps(firstHalf.getWeights().get(i), 1e-6),
                    "weights " + i);
        }

        // A weight scales its sample's loss, never the layer's output (DL4J's label masks would):
        // weights of 2 at learning rate 0.05 are weights of 1 at 0.1.
        Sequential doubled = regression(0.05);
        doubled.fit(x, y, new FitOptions().sampleWeight(Arrays2.f(2, 2, 2, 2, 2, 2, 2, 2)).batchSize(8)
                .shuffle(false).epochs(3).verbose(0));
        Sequential plain = regression(0.1);
        plain.fit(x, y, new FitOptions().batchSize(8).shuffle(false).epochs(3).verbose(0));
        assertTrue(doubled.getWeights().get(0).equalsWithEps(plain.getWeights().get(0), 1e-6));

        // The held-out samples keep their weights: val_loss = sum(w * squared error) / n.
        INDArray w2 = Arrays2.f(1, 1, 1, 1, 1, 1, 3, 0);
        Sequential model = regression(0.1);
        History history = model.fit(x, y, new FitOptions().sampleWeight(w2).validationSplit(0.25).verbose(0));
        INDArray held = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(6, 8),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray error = model.predict(held).sub(y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(6, 8),
                org.nd4j.linalg.indexing.NDArrayIndex.all()));
        double row6 = error.getRow(0).mul(error.getRow(0)).meanNumber().doubleValue();
        assertEquals(3 * row6 / 2, history.last("val_loss"), 1e-5);

        ErrorMessagesTest.fails(() -> model.fit(x, y, new FitOptions().sampleWeight(w).classWeight(Map.of(0, 2.0))),
                "classWeight or sampleWeight, not both");
        ErrorMessagesTest.fails(() -> model.fit(x, y, new FitOptions().sampleWeight(Arrays2.f(1, 2))),
                "sampleWeight holds 2 weights but x holds 8 samples");
        ErrorMessagesTest.fails(() -> new FitOptions().sampleWeight(Arrays2.f(1, -2)), "a negative number (-2.0)");
    }

    @Test
    void aModelEndingInAnActivationLayerLogsTheLossItTrainsOn() {
        // One full batch: the epoch's logged loss is the loss before its step, which evaluate gives.
        // DL4J backpropagates an activation in place, which once overwrote the output layer's input
        // before DL4J scored it.
        INDArray x = Arrays2.random(1, 16, 4);
        INDArray y = Arrays2.random(2, 16, 4).gt(0.5).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        for (keras4j.layers.Layer last : List.of(new keras4j.layers.Activation("sigmoid"),
                new keras4j.layers.Activation("tanh"))) {
            Sequential model = Sequential.of(new Input(4), new Dense(4), last);
            model.setSeed(3);
            model.compile("adam", last.getConfig().get("activation").equals("tanh") ? "mse" : "binary_crossentropy",
                    "binary_accuracy");
            Map<String, Double> before = model.evaluate(x, y);
            History history = model.fit(x, y, new FitOptions().batchSize(16).verbose(0));
            assertEquals(before.get("loss"), history.last("loss"), 1e-6, last.getConfig().toString());
            assertEquals(before.get("binary_accuracy"), history.last("binary_accuracy"), 1e-9);
        }
    }

    private static Sequential regression(double learningRate) {
        Sequential model = Sequential.of(new Input(5), new Dense(2));
        model.setSeed(5);
        model.compile(new keras4j.optimizers.SGD(learningRate), keras4j.losses.Loss.get("mse"));
        return model;
    }

    @Test
    void callbacksSeeEveryEpochAndBatchAndCanStopTraining() {
        Sequential model = classifier(2);
        List<String> events = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onTrainBegin(Map<String, Double> logs) {
                events.add("begin");
            }

            @Override
            public void onEpochBegin(int epoch, Map<String, Double> logs) {
                events.add("epoch " + epoch);
            }

            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                events.add("batch " + batch + " " + logs.keySet());
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                events.add("end " + epoch);
                if (epoch == 1) {
                    getModel().setStopTraining(true);
                }
            }

            @Override
            public void onTrainEnd(Map<String, Double> logs) {
                events.add("done");
            }
        };
        History history = model.fit(X, Y, new FitOptions().epochs(10).batchSize(30).verbose(0).callbacks(recorder));
        assertEquals(2, history.size());
        assertEquals(List.of("begin", "epoch 0", "batch 0 [loss, accuracy]", "batch 1 [loss, accuracy]", "end 0",
                "epoch 1", "batch 0 [loss, accuracy]", "batch 1 [loss, accuracy]", "end 1", "done"), events);
        assertEquals(2, model.getHistory().size());
    }

    @Test
    void aLoadedModelPredictsIdenticallyAndResumesTrainingExactly() throws Exception {
        Sequential model = classifier(5);
        model.fit(X, Y, new FitOptions().epochs(2).batchSize(8).verbose(0));
        Path file = temp.resolve("model.keras4j");
        model.save(file);
        Sequential loaded = Sequential.load(file);
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)), "an ordinary file, not a private temporary one");

        assertEquals(model.predict(X), loaded.predict(X));
        assertEquals(model.getHistory().getHistory(), loaded.getHistory().getHistory());
        assertEquals(model.getSeed(), loaded.getSeed());
        assertEquals(model.getOptimizer(), loaded.getOptimizer());
        assertEquals(model.summary(), loaded.summary());

        // Same optimizer state and seed: the third epoch is the same in both.
        model.fit(X, Y, new FitOptions().epochs(3).initialEpoch(2).batchSize(8).verbose(0));
        loaded.fit(X, Y, new FitOptions().epochs(3).initialEpoch(2).batchSize(8).verbose(0));
        assertEquals(model.getWeights(), loaded.getWeights());
        assertEquals(3, loaded.getHistory().size());
        assertFalse(Files.list(temp).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
    }

    @Test
    void damagedModelFilesAreRefusedWithOneClearMessage() throws Exception {
        Sequential model = classifier(6);
        Path file = temp.resolve("good.keras4j");
        model.save(file);
        byte[] bytes = Files.readAllBytes(file);

        Path truncated = temp.resolve("truncated.keras4j");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        ErrorMessagesTest.fails(() -> Sequential.load(truncated), "truncated.keras4j", "truncated");

        Path flipped = temp.resolve("flipped.keras4j");
        byte[] altered = bytes.clone();
        altered[bytes.length / 2] ^= 0x5a;
        Files.write(flipped, altered);
        ErrorMessagesTest.fails(() -> Sequential.load(flipped), "flipped.keras4j");

        Path empty = temp.resolve("empty.keras4j");
        Files.write(empty, new byte[0]);
        ErrorMessagesTest.fails(() -> Sequential.load(empty), "empty.keras4j", "is empty");

        Path foreign = temp.resolve("notes.txt");
        Files.writeString(foreign, "hello");
        ErrorMessagesTest.fails(() -> Sequential.load(foreign), "notes.txt", "not a keras4j model file");

        ErrorMessagesTest.fails(() -> Sequential.load(temp.resolve("missing.keras4j")), "does not exist");
    }

    @Test
    void progressOnATerminalIsKerasBarAndElsewhereOneLinePerEpoch() {
        Map<String, Double> logs = Map.of("loss", 0.5, "accuracy", 0.25);
        StringBuilder bar = new StringBuilder();
        ProgbarLogger terminal = new ProgbarLogger(bar, true);
        terminal.setParams(Map.of("epochs", 2, "steps", 3));
        terminal.onEpochBegin(0, Map.of());
        for (int i = 0; i < 3; i++) {
            terminal.onTrainBatchEnd(i, logs);
        }
        terminal.onEpochEnd(0, Map.of("loss", 0.5, "accuracy", 0.25, "val_loss", 0.0001));
        String text = bar.toString();
        assertTrue(text.startsWith("Epoch 1/2\n"), text);
        assertTrue(text.contains("\r3/3 \u001b[32m" + "\u2501".repeat(20)), text);
        // the step time is measured, so its unit (us, ms or s) depends on the machine's speed
        assertTrue(text.matches("(?s).*\\d+(us|ms|s)/step - accuracy: 0.2500 - loss: 0.5000 - val_loss: 1.0000e-04\n"), text);
        assertTrue(text.endsWith("\n"));

        StringBuilder lines = new StringBuilder();
        ProgbarLogger log = new ProgbarLogger(lines, false);
        log.setParams(Map.of("epochs", 2, "steps", 3));
        log.onEpochBegin(1, Map.of());
        log.onTrainBatchEnd(0, logs);
        log.onEpochEnd(1, logs);
        assertTrue(lines.toString().matches("Epoch 2/2\n3/3 - \\d+s - \\d+(us|ms|s)/step - accuracy: 0.2500 - loss: 0.5000\n"),
                lines.toString());
    }

    /** The cells of the summary row that starts with {@code start}. */
    private static List<String> row(String summary, String start) {
        String line = summary.lines().filter(l -> l.startsWith(" " + start)).findFirst().orElseThrow(
                () -> new AssertionError("no row " + start + " in\n" + summary));
        return List.of(line.trim().split("\\s{2,}"));
    }

    @Test
    void summaryMatchesKerasParamCountsForMnistCnn() {
        Sequential model = Sequential.of(new Input(28, 28, 1),
                new keras4j.layers.Conv2D(32, 5).padding("same").activation("relu"),
                new keras4j.layers.MaxPooling2D(2),
                new keras4j.layers.Conv2D(64, 2).padding("same").activation("relu"),
                new keras4j.layers.MaxPooling2D(2),
                new Dropout(0.25),
                new keras4j.layers.Flatten(),
                new Dense(1000, "relu"),
                new Dense(10, "softmax"));
        String summary = model.summary();
        assertEquals(List.of("conv2d (Conv2D)", "(None, 28, 28, 32)", "832"), row(summary, "conv2d "));
        assertEquals(List.of("max_pooling2d_1 (MaxPooling2D)", "(None, 7, 7, 64)", "0"), row(summary, "max_pooling2d_1"));
        assertEquals(List.of("conv2d_1 (Conv2D)", "(None, 14, 14, 64)", "8,256"), row(summary, "conv2d_1"));
        assertEquals(List.of("flatten (Flatten)", "(None, 3136)", "0"), row(summary, "flatten"));
        assertEquals(List.of("dense (Dense)", "(None, 1000)", "3,137,000"), row(summary, "dense "));
        assertEquals(List.of("Layer (type)", "Output Shape", "Param #"), row(summary, "Layer (type)"));
        assertTrue(summary.contains("Total params: 3,156,098 (12.04 MB)"), summary);
        assertTrue(summary.contains("Non-trainable params: 0 (0.00 B)"), summary);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        assertEquals(model.countParams(), model.toDl4j().numParams(), "DL4J holds exactly Keras's parameters");
        List<String> printed = new ArrayList<>();
        model.summary(printed::add);
        assertEquals(summary, String.join("\n", printed) + "\n");
    }
}
