package keras4j;

import static keras4j.ErrorMessagesTest.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import keras4j.callbacks.History;
import keras4j.graph.KerasTensor;
import keras4j.layers.Add;
import keras4j.layers.Average;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Concatenate;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.layers.MaxPooling2D;
import keras4j.layers.Maximum;
import keras4j.layers.Minimum;
import keras4j.layers.Multiply;
import keras4j.layers.Subtract;
import keras4j.losses.Loss;
import keras4j.optimizers.Adam;
import keras4j.utils.GradientCheck;

/**
 * Functional models: a chain equals its Sequential twin, merges compute what they say, several
 * inputs and outputs train with per-output losses and metrics, frozen layers stay frozen, nested
 * models, saving, and the graph's errors in Keras's words.
 */
class FunctionalTest {
    private static final INDArray X = Arrays2.random(1, 48, 6);
    private static final INDArray Y = Arrays2.classIds(2, 48, 3);

    @TempDir
    Path temp;

    private static List<INDArray> copies(List<INDArray> weights) {
        return weights.stream().map(INDArray::dup).toList();
    }

    @Test
    void aChainTrainsAndPredictsExactlyAsTheSequentialModelWithTheSameWeights() {
        Sequential sequential = Sequential.of(new Input(6), new Dense(8, "tanh"), new Dense(3, "softmax"));
        sequential.setSeed(3);
        sequential.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        KerasTensor in = Input.tensor(6);
        Functional functional = new Functional(in, new Dense(3, "softmax").apply(new Dense(8, "tanh").apply(in)));
        functional.setSeed(3);
        functional.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        functional.setWeights(copies(sequential.getWeights()));
        assertEquals(sequential.predict(X), functional.predict(X));

        FitOptions options = new FitOptions().epochs(3).batchSize(8).verbose(0);
        History a = sequential.fit(X, Y, options);
        History b = functional.fit(X, Y, options);
        assertEquals(a.getHistory(), b.getHistory(), "the same losses and accuracies, epoch by epoch");
        List<INDArray> wa = sequential.getWeights();
        List<INDArray> wb = functional.getWeights();
        for (int i = 0; i < wa.size(); i++) {
            assertTrue(wa.get(i).equalsWithEps(wb.get(i), 1e-6), "weight " + i + " after training");
        }
        assertEquals(sequential.evaluate(X, Y), functional.evaluate(X, Y));
        assertEquals(List.of("dense", "dense_1"), functional.getLayers().stream().map(Layer::getName).toList());
        // And streamed from a DL4J iterator.
        FitOptions streamed = new FitOptions().epochs(1).verbose(0);
        assertEquals(sequential.fit(Arrays2.iterator(X, Y, 16), streamed).getHistory(),
                functional.fit(Arrays2.iterator(X, Y, 16), streamed).getHistory());
        assertEquals(sequential.evaluate(Arrays2.iterator(X, Y, 16)), functional.evaluate(Arrays2.iterator(X, Y, 16)));
    }

    @Test
    void aResidualBlockAddsItsInputToTheBranch() {
        KerasTensor x = Input.tensor(4);
        KerasTensor branch = new Dense(4, "linear").name("second").apply(new Dense(4, "relu").name("first").apply(x));
        Functional model = new Functional(x, new Add().apply(x, branch));
        INDArray w1 = Arrays2.random(5, 4, 4);
        INDArray b1 = Arrays2.random(6, 4);
        INDArray w2 = Arrays2.random(7, 4, 4);
        INDArray b2 = Arrays2.random(8, 4);
        model.getLayer("first").setWeights(List.of(w1, b1));
        model.getLayer("second").setWeights(List.of(w2, b2));
        INDArray input = Arrays2.random(9, 5, 4);
        INDArray hidden = Transforms.relu(input.mmul(w1).addRowVector(b1));
        INDArray expected = hidden.mmul(w2).addRowVector(b2).add(input);
        assertTrue(expected.equalsWithEps(model.predict(input), 1e-5), "relu(x W1 + b1) W2 + b2 + x");
    }

    @Test
    void everyMergeComputesItsOperationElementByElement() {
        INDArray a = Arrays2.random(10, 3, 4);
        INDArray b = Arrays2.random(11, 3, 4);
        Map<String, INDArray> expected = Map.of(
                "add", a.add(b), "subtract", a.sub(b), "multiply", a.mul(b), "average", a.add(b).div(2),
                "maximum", Transforms.max(a, b), "minimum", Transforms.min(a, b),
                "concatenate", org.nd4j.linalg.factory.Nd4j.concat(1, a, b));
        for (Map.Entry<String, INDArray> e : expected.entrySet()) {
            KerasTensor left = Input.tensor(4);
            KerasTensor right = Input.tensor(4);
            Layer merge = switch (e.getKey()) {
                case "add" -> new Add();
                case "subtract" -> new Subtract();
                case "multiply" -> new Multiply();
                case "average" -> new Average();
                case "maximum" -> new Maximum();
                case "minimum" -> new Minimum();
                default -> new Concatenate();
            };
            Functional model = new Functional(List.of(left, right), List.of(merge.apply(left, right)));
            assertEquals(e.getKey(), merge.getName());
            INDArray out = model.predict(List.of(a, b), 10).get(0);
            assertTrue(e.getValue().equalsWithEps(out, 1e-6), e.getKey() + ": " + out);
        }
    }

    /** Two inputs (a vector and an image), two outputs (classes and a regression). */
    private static Functional twoByTwo() {
        KerasTensor features = new Input(6).name("features").output();
        KerasTensor image = new Input(6, 6, 1).name("image").output();
        KerasTensor seen = new Flatten().apply(new MaxPooling2D(2).apply(new Conv2D(2, 3, "relu").apply(image)));
        KerasTensor joined = new Concatenate().apply(new Dense(8, "relu").apply(features), seen);
        KerasTensor kind = new Dense(3, "softmax").name("kind").apply(joined);
        KerasTensor size = new Dense(1).name("size").apply(joined);
        Functional model = new Functional(List.of(features, image), List.of(kind, size));
        model.setSeed(4);
        model.compile(new Adam(0.01), Map.of("kind", Loss.get("sparse_categorical_crossentropy"),
                "size", Loss.get("mse")), Map.of("size", 0.5), Map.of("kind", List.of("accuracy"), "size",
                List.of("mae")));
        return model;
    }

    @Test
    void twoInputsAndTwoOutputsTrainAndEvaluateWithPerOutputLossesAndMetrics() {
        Functional model = twoByTwo();
        INDArray images = Arrays2.random(12, 48, 6, 6, 1);
        INDArray sizes = X.sum(1).reshape(48, 1);
        History history = model.fit(Map.of("features", X, "image", images), Map.of("kind", Y, "size", sizes),
                new FitOptions().epochs(4).batchSize(16).verbose(0).validationSplit(0.25));
        assertEquals(List.of("loss", "kind_loss", "kind_accuracy", "size_loss", "size_mae", "val_loss", "val_kind_loss",
                "val_kind_accuracy", "val_size_loss", "val_size_mae"), history.keys());
        List<Double> loss = history.get("loss");
        assertTrue(loss.get(3) < loss.get(0), "the total loss falls: " + loss);

        Map<String, Double> scores = model.evaluate(List.of(X, images), List.of(Y, sizes), 20);
        assertEquals(scores.get("kind_loss") + 0.5 * scores.get("size_loss"), scores.get("loss"), 1e-5,
                "Keras's total: each output's loss times its weight");
        INDArray kind = model.predict(List.of(X, images), 20).get(0);
        double mae = Transforms.abs(model.predict(Map.of("features", X, "image", images)).get("size").sub(sizes))
                .meanNumber().doubleValue();
        assertEquals(mae, scores.get("size_mae"), 1e-5);
        double accuracy = kind.argMax(1).castTo(DataType.FLOAT).eq(Y.castTo(DataType.FLOAT)).castTo(DataType.FLOAT)
                .meanNumber().doubleValue();
        assertEquals(accuracy, scores.get("kind_accuracy"), 1e-6);
    }

    @Test
    void frozenLayersKeepTheirWeightsWhileTheOthersTrain() {
        KerasTensor in = Input.tensor(6);
        Dense frozen = new Dense(8, "tanh").name("frozen");
        BatchNormalization norm = new BatchNormalization();
        frozen.trainable(false);
        norm.trainable(false);
        Dropout dropout = new Dropout(0.1);
        dropout.trainable(false);   // no weights: nothing to freeze
        Functional model = new Functional(in, new Dense(3, "softmax").name("head").apply(dropout.apply(
                norm.apply(frozen.apply(in)))));
        model.compile("adam", "sparse_categorical_crossentropy");
        norm.setWeights(List.of(Arrays2.random(20, 8).add(2), Arrays2.random(21, 8), Arrays2.random(22, 8),
                Arrays2.random(23, 8).add(2)));
        List<INDArray> before = copies(frozen.getWeights());
        List<INDArray> normBefore = copies(norm.getWeights());
        List<INDArray> headBefore = copies(model.getLayer("head").getWeights());
        model.fit(X, Y, new FitOptions().epochs(2).batchSize(8).verbose(0));
        assertEquals(before, frozen.getWeights());
        assertEquals(normBefore, norm.getWeights(), "a frozen BatchNormalization keeps its moving statistics too");
        assertNotEquals(headBefore, model.getLayer("head").getWeights());
        String summary = model.summary();
        assertTrue(summary.contains("Total params: 115 "), summary);           // 56 + 32 + 27
        assertTrue(summary.contains("Trainable params: 27 "), summary);
        assertTrue(summary.contains("Non-trainable params: 88 "), summary);

        Path file = temp.resolve("frozen.keras4j");
        model.save(file);
        Model loaded = Model.load(file);
        assertTrue(!loaded.getLayer("frozen").isTrainable() && loaded.getLayer("head").isTrainable());
        List<INDArray> loadedFrozen = copies(loaded.getLayer("frozen").getWeights());
        loaded.fit(X, Y, new FitOptions().epochs(1).batchSize(8).verbose(0));
        assertEquals(loadedFrozen, loaded.getLayer("frozen").getWeights(), "it loads frozen");

        // Unfrozen and compiled again (as in Keras), it trains.
        frozen.trainable(true);
        model.compile("adam", "sparse_categorical_crossentropy");
        model.fit(X, Y, new FitOptions().epochs(1).batchSize(8).verbose(0));
        assertNotEquals(before, frozen.getWeights());
    }

    @Test
    void aFrozenLayerOfASequentialModelKeepsItsWeights() {
        Sequential model = Sequential.of(new Input(6), new Dense(8, "tanh").name("base"),
                new BatchNormalization().name("norm"), new Dense(3, "softmax"));
        model.getLayer("base").trainable(false);
        model.getLayer("norm").trainable(false);
        model.compile("sgd", "sparse_categorical_crossentropy");
        List<INDArray> before = copies(model.getLayer("base").getWeights());
        List<INDArray> norm = copies(model.getLayer("norm").getWeights());
        model.fit(X, Y, new FitOptions().epochs(2).verbose(0));
        assertEquals(before, model.getLayer("base").getWeights());
        assertEquals(norm, model.getLayer("norm").getWeights());
        assertEquals(56 + 32, model.countNonTrainableParams());
    }

    @Test
    void aGraphWithBatchNormalizationTrainsAndPredicts() {
        KerasTensor in = Input.tensor(6);
        KerasTensor normed = new BatchNormalization().apply(new Dense(8, "relu").apply(in));
        Functional model = new Functional(in, new Dense(3, "softmax").apply(normed));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        INDArray before = model.predict(X);   // DL4J's graph needs no input workspace in inference here
        model.fit(X, Y, new FitOptions().epochs(2).batchSize(8).verbose(0));
        assertNotEquals(before, model.predict(X));
        assertTrue(model.evaluate(X, Y).get("loss") > 0);
    }

    @Test
    void aFrozenBatchNormalizationNormalizesWithItsMovingStatisticsAndPassesGradientsOn() {
        INDArray gamma = Arrays2.random(30, 4).add(2);
        INDArray beta = Arrays2.random(31, 4);
        INDArray mean = Arrays2.random(32, 4);
        INDArray variance = Arrays2.random(33, 4).add(2);
        INDArray x = Arrays2.random(34, 5, 4);
        INDArray y = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1},
                {1, 0, 0}, {0, 1, 0}});
        // Keras's inference mode, in training too: gamma * (x - mean) / sqrt(var + eps) + beta.
        KerasTensor probe = Input.tensor(4);
        BatchNormalization alone = new BatchNormalization();
        alone.trainable(false);
        Functional normOnly = new Functional(probe, alone.apply(new keras4j.layers.Activation("linear").apply(probe)));
        alone.setWeights(List.of(gamma, beta, mean, variance));
        INDArray scale = gamma.div(Transforms.sqrt(variance.add(1e-3)));
        INDArray shift = beta.sub(mean.mul(scale));
        assertTrue(x.mulRowVector(scale).addRowVector(shift).equalsWithEps(normOnly.predict(x), 1e-5));

        // Its backprop: the layer before it trains exactly as in the same function without it, the
        // normalization folded into the (frozen) head: W' = diag(scale) W, b' = b + shift W.
        KerasTensor in = Input.tensor(4);
        Dense before = new Dense(4, "tanh");
        BatchNormalization norm = new BatchNormalization();
        Dense head = new Dense(3, "softmax");
        norm.trainable(false);
        head.trainable(false);
        Functional model = new Functional(in, head.apply(norm.apply(before.apply(in))));
        model.compile("sgd", "categorical_crossentropy");
        norm.setWeights(List.of(gamma, beta, mean, variance));
        KerasTensor in2 = Input.tensor(4);
        Dense before2 = new Dense(4, "tanh");
        Dense folded = new Dense(3, "softmax");
        folded.trainable(false);
        Functional twin = new Functional(in2, folded.apply(before2.apply(in2)));
        twin.compile("sgd", "categorical_crossentropy");
        before2.setWeights(copies(before.getWeights()));
        List<INDArray> headWeights = head.getWeights();
        folded.setWeights(List.of(headWeights.get(0).mulColumnVector(scale.reshape(4, 1)),
                headWeights.get(1).add(shift.reshape(1, 4).mmul(headWeights.get(0)).reshape(3))));
        assertTrue(twin.predict(x).equalsWithEps(model.predict(x), 1e-5), "the same function");
        List<INDArray> start = copies(before.getWeights());
        model.fit(x, y, new FitOptions().epochs(3).batchSize(5).verbose(0));
        twin.fit(x, y, new FitOptions().epochs(3).batchSize(5).verbose(0));
        assertNotEquals(start, before.getWeights(), "the layer before it trains");
        assertTrue(before.getWeights().get(0).equalsWithEps(before2.getWeights().get(0), 1e-5),
                "the gradient a frozen BatchNormalization passes on is its scale");
        assertEquals(List.of(gamma, beta, mean, variance), norm.getWeights());
    }

    @Test
    void aFrozenConvolutionComputesAsItDidAndStaysFrozen() {
        Sequential model = Sequential.of(new Input(6, 6, 1), new Conv2D(2, 3, "relu").name("conv"),
                new MaxPooling2D(2), new Flatten(), new Dense(3, "softmax"));
        model.setSeed(8);
        model.compile("adam", "sparse_categorical_crossentropy");
        INDArray images = Arrays2.random(12, 48, 6, 6, 1);
        INDArray trainable = model.predict(images);
        model.getLayer("conv").trainable(false);
        model.compile("adam", "sparse_categorical_crossentropy");
        assertTrue(trainable.equalsWithEps(model.predict(images), 1e-5), "DL4J's own convolution, the same values");
        List<INDArray> kernel = copies(model.getLayer("conv").getWeights());
        model.fit(images, Y, new FitOptions().epochs(2).batchSize(16).verbose(0));
        assertEquals(kernel, model.getLayer("conv").getWeights());
    }

    @Test
    void aFrozenPretrainedModelUnderANewHead() {
        Sequential base = Sequential.of(new Input(6), new Dense(8, "relu"), new Dense(4, "relu")).setName("base");
        base.setSeed(1);
        base.compile("adam", "mse");
        base.fit(X, X.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex
                .interval(0, 4)).dup(), new FitOptions().epochs(2).verbose(0));
        List<INDArray> pretrained = copies(base.getWeights());
        base.trainable(false);

        KerasTensor in = Input.tensor(6);
        Functional classifier = new Functional(in, new Dense(3, "softmax").name("head").apply(base.apply(in)));
        classifier.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        assertEquals(pretrained, base.getWeights(), "the outer model starts from the base's weights");
        classifier.fit(X, Y, new FitOptions().epochs(2).batchSize(8).verbose(0));
        assertEquals(pretrained, base.getWeights(), "frozen");
        assertEquals(List.of("dense", "dense_1", "head"), classifier.getLayers().stream().map(Layer::getName).toList());
        String summary = classifier.summary();
        assertTrue(summary.contains("base (Sequential)"), summary);
        assertTrue(summary.contains("Connected to"), summary);
        fails(() -> base.predict(X), "is a layer of model 'functional'");

        Path file = temp.resolve("transfer.keras4j");
        classifier.save(file);
        Model loaded = Model.load(file);
        assertEquals(classifier.predict(X), loaded.predict(X));
        assertEquals(classifier.summary(), loaded.summary());
    }

    @Test
    void gradientsThroughMergesAreRight() {
        KerasTensor a = Input.tensor(3);
        KerasTensor b = Input.tensor(3);
        KerasTensor left = new Dense(4, "tanh").apply(a);
        KerasTensor right = new Dense(4, "tanh").apply(b);
        KerasTensor merged = new Concatenate().apply(new Add().apply(left, right), new Multiply().apply(left, right),
                new Subtract().apply(left, right), new Average().apply(left, right));
        KerasTensor extremes = new Concatenate().apply(new Maximum().apply(left, right), new Minimum().apply(left, right));
        KerasTensor out = new Dense(2, "softmax").apply(new Concatenate().apply(merged, extremes));
        Functional model = new Functional(List.of(a, b), List.of(out));
        model.setSeed(2);
        model.compile("sgd", "categorical_crossentropy");
        INDArray y = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});
        assertTrue(GradientCheck.check(model, List.of(Arrays2.random(3, 4, 3), Arrays2.random(4, 4, 3)), List.of(y)));
        // A frozen branch passes gradients on and has none of its own to check.
        model.getLayers().get(0).trainable(false);
        model.compile("sgd", "categorical_crossentropy");
        assertTrue(GradientCheck.check(model, List.of(Arrays2.random(3, 4, 3), Arrays2.random(4, 4, 3)), List.of(y)));
    }

    @Test
    void savedAndLoadedItTrainsOnBitForBitWithItsOptimizerState() {
        Functional model = twoByTwo();
        INDArray images = Arrays2.random(12, 48, 6, 6, 1);
        INDArray sizes = X.sum(1).reshape(48, 1);
        FitOptions options = new FitOptions().epochs(2).batchSize(16).verbose(0);
        model.fit(List.of(X, images), List.of(Y, sizes), options);
        Path file = temp.resolve("two.keras4j");
        model.save(file);
        Functional loaded = Functional.load(file);
        assertEquals(model.getHistory().getHistory(), loaded.getHistory().getHistory());
        assertEquals(model.getCompileSettings(), loaded.getCompileSettings());
        FitOptions more = new FitOptions().epochs(1).batchSize(16).verbose(0);
        model.fit(List.of(X, images), List.of(Y, sizes), more);
        loaded.fit(List.of(X, images), List.of(Y, sizes), more);
        assertEquals(model.getWeights(), loaded.getWeights(), "the same weights after one more epoch");
        fails(() -> Sequential.load(file), "holds a Functional model", "Model.load");
    }

    @Test
    void anInterruptedRunOfATwoOutputModelResumesInsideItsEpochBitForBit() {
        INDArray images = Arrays2.random(12, 48, 6, 6, 1);
        INDArray sizes = X.sum(1).reshape(48, 1);
        List<INDArray> xs = List.of(X, images);
        List<INDArray> ys = List.of(Y, sizes);
        Functional uninterrupted = twoByTwo();
        uninterrupted.fit(xs, ys, new FitOptions().epochs(4).batchSize(16).verbose(0));

        Path backup = temp.resolve("backup");
        keras4j.callbacks.BackupAndRestore first = new keras4j.callbacks.BackupAndRestore(backup, 0, true);
        int[] epochNow = {0};
        keras4j.callbacks.LambdaCallback signal = new keras4j.callbacks.LambdaCallback()
                .onEpochBegin((epoch, logs) -> epochNow[0] = epoch)
                .onTrainBatchEnd((batch, logs) -> {
                    if (epochNow[0] == 2 && batch == 0) {
                        first.interrupt();
                    }
                });
        Functional killed = twoByTwo();
        org.junit.jupiter.api.Assertions.assertThrows(keras4j.callbacks.TrainingInterruptedException.class,
                () -> killed.fit(xs, ys, new FitOptions().epochs(4).batchSize(16).verbose(0).callbacks(signal, first)));
        Functional resumed = twoByTwo();
        resumed.fit(xs, ys, new FitOptions().epochs(4).batchSize(16).verbose(0).callbacks(
                new keras4j.callbacks.BackupAndRestore(backup, 0, true)));
        assertEquals(uninterrupted.getWeights(), resumed.getWeights());
        assertEquals(uninterrupted.getHistory().getHistory(), resumed.getHistory().getHistory(),
                "each output's running loss and metrics carried over");
    }

    @Test
    void theSummaryHasKerasConnectedToColumn() {
        KerasTensor image = Input.tensor(8, 8, 1);
        KerasTensor meta = new Input(3).name("meta").output();
        KerasTensor seen = new Flatten().apply(new Conv2D(2, 3, "relu").apply(image));
        KerasTensor joined = new Concatenate().apply(new Dense(4).apply(seen), new Dense(2).apply(meta));
        Functional model = new Functional(List.of(image, meta), List.of(new Dense(1, "sigmoid").name("out")
                .apply(joined)));
        List<String> lines = model.summary().lines().toList();
        assertTrue(lines.get(2).matches(" Layer \\(type\\) +Output Shape +Param # +Connected to"), lines.get(2));
        assertTrue(lines.stream().anyMatch(l -> l.matches(" meta \\(InputLayer\\) +\\(None, 3\\) +0 +-")), lines
                .toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches(" concatenate \\(Concatenate\\) +\\(None, 6\\) +0 +"
                + "dense\\[0\\]\\[0\\], dense_1\\[0\\]\\[0\\]")), lines.toString());
        assertTrue(lines.contains("Total params: 327 (1.28 KB)"), lines.toString());   // 20 + 292 + 8 + 7
    }

    @Test
    void keras4jNamesUnnamedLayersInGraphOrder() {
        KerasTensor in = Input.tensor(4);
        KerasTensor a = new Dense(2).apply(in);
        KerasTensor b = new Dense(2).name("dense_1").apply(in);
        Functional model = new Functional(in, new Add().apply(a, new Dense(2).apply(b)));
        assertEquals(List.of("dense", "dense_1", "dense_2", "add"),
                model.getLayers().stream().map(Layer::getName).toList());
        assertEquals("input_layer", model.getInputNames().get(0));
    }

    // ------------------------------------------------------------------------------- errors

    @Test
    void anOutputThatNeedsAnInputNotGivenIsAGraphDisconnected() {
        KerasTensor a = Input.tensor(3);
        KerasTensor b = new Input(3).name("other").output();
        KerasTensor out = new Dense(2).name("joined").apply(new Add().apply(new Dense(3).apply(a), b));
        fails(() -> new Functional(a, out), "Graph disconnected: cannot obtain value for tensor <KerasTensor "
                + "shape=(None, 3), name=other> at layer \"add\"", "accessed without issue");
    }

    @Test
    void aMergeOfIncompatibleShapesNamesBothLayersAndShapes() {
        KerasTensor in = Input.tensor(3);
        KerasTensor wide = new Dense(8).name("wide").apply(in);
        KerasTensor narrow = new Dense(4).name("narrow").apply(in);
        fails(() -> new Add().apply(wide, narrow), "(None, 8) from 'wide'", "(None, 4) from 'narrow'");
        fails(() -> new Concatenate().apply(Input.tensor(4, 4, 2), Input.tensor(5, 4, 1)), "matching shapes except",
                "(None, 5, 4, 1)");
        fails(() -> new Add().apply(wide), "at least 2 inputs");
        // Samples of rank 2 or 4+ travel through DL4J flat, where their last axes can't be joined.
        for (int[] shape : new int[][] {{4, 5}, {2, 3, 4, 5}}) {
            fails(() -> new Concatenate().apply(Input.tensor(shape), Input.tensor(shape)),
                    "joins vectors (rank 1) and images (rank 3) only", "Flatten the inputs first");
        }
    }

    @Test
    void theWrongNumberOrNamesOfArraysAreRefused() {
        Functional model = twoByTwo();
        INDArray images = Arrays2.random(12, 48, 6, 6, 1);
        fails(() -> model.fit(List.of(X), List.of(Y, Y), new FitOptions().verbose(0)), "expects 2 input(s)",
                "received 1 input tensors", "[features, image]");
        fails(() -> model.fit(List.of(X, images), List.of(Y), new FitOptions().verbose(0)), "has 2 output(s)",
                "[kind, size]");
        fails(() -> model.predict(X), "has 2 outputs");
        fails(() -> model.predict(Map.of("features", X, "picture", images)), "'picture', which is not an input",
                "[features, image]");
        fails(() -> model.evaluate(Map.of("features", X, "image", images), Map.of("kind", Y)),
                "no data for the output 'size'");
        fails(() -> model.compile(new Adam(), Map.of("kind", Loss.get("mse"), "sise", Loss.get("mse")), Map.of(),
                Map.of()), "loss for 'sise', which is not an output", "[kind, size]");
    }

    @Test
    void twoLayersWithOneNameAreRefused() {
        KerasTensor in = Input.tensor(3);
        KerasTensor out = new Dense(2).name("same").apply(new Dense(3).name("same").apply(in));
        fails(() -> new Functional(in, out), "The name \"same\" is used 2 times in the model");
    }

    @Test
    void aLayerUsedAtTwoPlacesIsRefused() {
        Dense shared = new Dense(3);
        KerasTensor in = Input.tensor(3);
        shared.apply(in);
        fails(() -> shared.apply(in), "already used", "Create a new layer object for each place");
        fails(() -> Sequential.of(new Input(3), shared), "already used in a graph");
    }

    @Test
    void aLayerOfOneModelCantJoinAnother() {
        Dense dense = new Dense(3);
        Sequential.of(new Input(3), dense);
        KerasTensor in = Input.tensor(3);
        fails(() -> dense.apply(in), "already used in model 'sequential'");
    }

    @Test
    void fitBeforeCompileAndFrozenWeightsOfTheWrongShapeAreRefused() {
        KerasTensor in = Input.tensor(3);
        Dense frozen = new Dense(2).name("frozen");
        frozen.trainable(false);
        Functional model = new Functional(in, new Dense(1).apply(frozen.apply(in)));
        fails(() -> model.fit(Arrays2.random(1, 4, 3), Arrays2.random(2, 4, 1), new FitOptions()), "must call compile()");
        fails(() -> frozen.setWeights(List.of(Arrays2.random(3, 2, 2), Arrays2.random(4, 2))), "'frozen' (frozen)",
                "[(3, 2), (2,)]", "[(2, 2), (2,)]");
        assertEquals(2, model.predict(Arrays2.random(5, 2, 3)).size(0), "a built model predicts before compile");
    }

    @Test
    void aDropoutAndConvolutionGraphTrains() {
        KerasTensor image = Input.tensor(6, 6, 1);
        KerasTensor x = new Dropout(0.5).apply(new Flatten().apply(new Conv2D(2, 3, "relu").apply(image)));
        Functional model = new Functional(image, new Dense(3, "softmax").apply(x));
        model.setSeed(9);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        INDArray images = Arrays2.random(12, 48, 6, 6, 1);
        History h = model.fit(images, Y, new FitOptions().epochs(2).batchSize(16).verbose(0));
        assertEquals(List.of(0, 1), h.getEpochs());
        assertArrayEquals(new long[] {48, 3}, model.predict(images).shape());
    }

    /** DL4J's inference fails on an output that later layers read too; keras4j's lowering avoids that. */
    @Test
    void anOutputReadByLaterLayersPredicts() {
        KerasTensor x = Input.tensor(4);
        KerasTensor a = new Dense(3).name("a").apply(x);
        KerasTensor b = new Dense(2).apply(new Dense(3, "tanh").apply(a));
        Functional model = new Functional(x, List.of(a, b));
        INDArray in = Arrays2.random(1, 5, 4);
        List<INDArray> out = model.predict(List.of(in), 8);
        List<INDArray> w = model.getLayer("a").getWeights();
        assertTrue(in.mmul(w.get(0)).addRowVector(w.get(1)).equalsWithEps(out.get(0), 1e-5), "a");
        assertArrayEquals(new long[] {5, 2}, out.get(1).shape());
    }
}
