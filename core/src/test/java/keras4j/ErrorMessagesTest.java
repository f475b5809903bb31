package keras4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.layers.MaxPooling2D;
import keras4j.losses.Loss;
import keras4j.optimizers.Optimizer;

/** Every user mistake is caught before DL4J sees it and explained: what, where, expected, fix. */
public class ErrorMessagesTest {

    /** Runs the call, asserts a Keras4jException whose message holds every fragment, and no DL4J internals. */
    public static String fails(Executable call, String... fragments) {
        Keras4jException e = assertThrows(Keras4jException.class, call);
        String message = e.getMessage();
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "message lacks '" + fragment + "': " + message);
        }
        assertFalse(message.contains("org.deeplearning4j") || message.contains("org.nd4j"), message);
        return message;
    }

    private static Sequential mnistMlp() {
        Sequential model = Sequential.of(new Input(784), new Dense(32, "relu"), new Dense(10, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return model;
    }

    @Test
    void wrongInputShapeInFitAndPredict() {
        Sequential model = mnistMlp();
        INDArray images = Arrays2.random(1, 5, 28, 28);
        fails(() -> model.fit(images, Arrays2.classIds(1, 5, 10), new FitOptions().verbose(0)),
                "Input 0 of layer 'dense'", "expected shape (None, 784)", "(5, 28, 28)", "reshape it to (5, 784)");
        fails(() -> model.predict(images), "(None, 784)", "(5, 28, 28)", "predict()");
    }

    @Test
    void wrongFeatureCount() {
        Sequential model = mnistMlp();
        fails(() -> model.predict(Arrays2.random(1, 3, 700)), "expected shape (None, 784)", "(3, 700)",
                "Give x the shape (None, 784)");
    }

    @Test
    void anEmptyIteratorIsRefusedNotTrainedToNaN() {
        Sequential model = mnistMlp();
        INDArray none = Arrays2.random(1, 0, 784);
        org.nd4j.linalg.dataset.api.iterator.DataSetIterator empty = new org.deeplearning4j.datasets.iterator
                .ExistingDataSetIterator(java.util.List.<org.nd4j.linalg.dataset.DataSet>of());
        fails(() -> model.fit(empty, new FitOptions().verbose(0)), "fit() received no training batches in epoch 1",
                "the data is empty");
    }

    @Test
    void rowCountsDiffer() {
        Sequential model = mnistMlp();
        fails(() -> model.fit(Arrays2.random(1, 5, 784), Arrays2.classIds(1, 4, 10), new FitOptions().verbose(0)),
                "same number of samples", "x has 5", "(4,)");
    }

    @Test
    void labelsOutsideTheClassRange() {
        Sequential model = mnistMlp();
        INDArray y = Arrays2.f(1, 2, 10, 3);
        fails(() -> model.fit(Arrays2.random(1, 4, 784), y, new FitOptions().verbose(0)),
                "label value of 10.0 at row 2", "[0, 10)", "'dense_1' has 10 units");
        fails(() -> model.evaluate(Arrays2.random(1, 2, 784), Arrays2.f(-1, 0)), "label value of -1.0 at row 0");
    }

    @Test
    void oneHotLabelsWithASparseLoss() {
        Sequential model = mnistMlp();
        fails(() -> model.fit(Arrays2.random(1, 3, 784), org.nd4j.linalg.factory.Nd4j.eye(10).getRows(0, 1, 2),
                new FitOptions().verbose(0)), "one-hot", "categorical_crossentropy");
    }

    @Test
    void classIdsWithACategoricalLoss() {
        Sequential model = Sequential.of(new Input(4), new Dense(3, "softmax"));
        model.compile("adam", "categorical_crossentropy");
        fails(() -> model.fit(Arrays2.random(1, 3, 4), Arrays2.f(0, 1, 2), new FitOptions().verbose(0)),
                "expects y of shape (3, 3)", "sparse_categorical_crossentropy");
    }

    @Test
    void denseAfterConvWithoutFlatten() {
        Sequential model = Sequential.of(new Input(28, 28, 1), new Conv2D(8, 3), new MaxPooling2D(), new Dense(10));
        fails(() -> model.compile("adam", "mse"), "layer 'dense'", "(None, 13, 13, 8)", "Add a Flatten() layer");
        fails(model::summary, "Flatten()");
    }

    @Test
    void convOnImagesWithoutChannelAxis() {
        Sequential model = Sequential.of(new Input(28, 28), new Conv2D(8, 3));
        fails(model::summary, "layer 'conv2d'", "Add the channel axis: new Input(28, 28, 1)");
    }

    @Test
    void windowLargerThanTheImage() {
        fails(Sequential.of(new Input(3, 3, 1), new Conv2D(2, 5), new Flatten(), new Dense(1))::summary,
                "kernel_size [5, 5]", "padding='same'");
    }

    @Test
    void fitBeforeCompile() {
        Sequential model = Sequential.of(new Input(2), new Dense(1));
        fails(() -> model.fit(Arrays2.random(1, 2, 2), Arrays2.f(0, 1), new FitOptions()), "must call compile()",
                "fit()");
        // As in Keras, a built model predicts before compile: its weights exist.
        assertEquals(2, model.predict(Arrays2.random(1, 2, 2)).size(0));
        assertEquals(2, model.getLayer("dense").getWeights().size());
        fails(() -> new keras4j.layers.Dense(3).getWeights(), "no weights yet", "part of a model");
    }

    @Test
    void invalidLayerArguments() {
        fails(() -> new Dense(0), "units must be a positive integer", "units=0");
        fails(() -> new Dropout(1.0), "rate must be in [0, 1)", "rate=1.0");
        fails(() -> new Dropout(25), "divide by 100");
        fails(() -> new Dropout(-0.1), "rate=-0.1");
        fails(() -> new Conv2D(0, 3), "filters");
        fails(() -> new Conv2D(4, 3).padding("full"), "Unknown padding: 'full'", "valid, same");
        fails(() -> new Input(28, 0), "every dimension must be > 0");
        fails(() -> new FitOptions().epochs(0), "epochs must be a positive integer");
        fails(() -> new FitOptions().batchSize(-5), "batchSize must be a positive integer");
    }

    @Test
    void unknownNamesListTheValidOnesAndSuggestTheNearest() {
        fails(() -> new Dense(4, "rellu"), "Unknown activation: 'rellu'", "relu, sigmoid", "Did you mean 'relu'?");
        fails(() -> Optimizer.get("adma"), "Unknown optimizer: 'adma'", "sgd, adam, rmsprop", "Did you mean 'adam'?");
        fails(() -> Loss.get("sparse_categorical_crossentopy"), "Unknown loss",
                "Did you mean 'sparse_categorical_crossentropy'?");
        fails(() -> new Dense(3).kernelInitializer("glorot"), "Unknown initializer", "glorot_uniform");
        Sequential model = Sequential.of(new Input(2), new Dense(2, "softmax"));
        fails(() -> model.compile("adam", "categorical_crossentropy", "acuracy"), "Unknown metric: 'acuracy'",
                "Did you mean 'accuracy'?");
    }

    @Test
    void incoherentLastLayerAndLoss() {
        fails(() -> Sequential.of(new Input(4), new Dense(1, "softmax")).compile("adam", "categorical_crossentropy"),
                "1 unit with softmax", "always outputs 1.0", "binary_crossentropy");
        fails(() -> Sequential.of(new Input(4), new Dense(3, "sigmoid")).compile("adam",
                "sparse_categorical_crossentropy"), "activation 'sigmoid'", "softmax", "binary_crossentropy");
        fails(() -> Sequential.of(new Input(4), new Dense(3)).compile("adam", "categorical_crossentropy"),
                "activation 'linear'", "Use activation 'softmax'");
        fails(() -> Sequential.of(new Input(4), new Dense(2, "softmax")).compile("adam", "binary_crossentropy"),
                "binary_crossentropy expects", "'sigmoid'");
        fails(() -> Sequential.of(new Input(4, 4, 1), new Conv2D(2, 2)).compile("adam", "mse"),
                "(None, 3, 3, 2)", "End the model with Flatten()");
    }

    @Test
    void nanInTrainingDataIsRefusedNamingTheRow() {
        Sequential model = mnistMlp();
        INDArray x = Arrays2.random(1, 4, 784);
        x.putScalar(2, 17, Float.NaN);
        fails(() -> model.fit(x, Arrays2.f(0, 1, 2, 3), new FitOptions().verbose(0)), "NaN at row 2, column 17");
        // predict, like Keras, passes it through: only that row's outputs are NaN.
        INDArray out = model.predict(x);
        assertTrue(Double.isNaN(out.getDouble(2, 0)));
        assertFalse(out.getRow(1).isNaN().any() || out.getRow(3).isNaN().any());
    }

    @Test
    void modelStructureMistakes() {
        fails(() -> Sequential.of(new Dense(3)).summary(), "no input shape", "new Input(784)");
        fails(() -> Sequential.of(new Input(3), new Input(3)), "Input can only be the first layer");
        fails(() -> Sequential.of(new Input(3), new Dense(2).name("a"), new Dense(2).name("a")), "'a' is used 2 times");
        Dense shared = new Dense(2);
        fails(() -> Sequential.of(new Input(3), shared, shared), "can appear once");
    }

    @Test
    void layersAreNamedLikeKeras() {
        Sequential model = Sequential.of(new Input(3), new Dense(4), new Dropout(0.1), new Dense(4), new Dense(2));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("dense", "dropout", "dense_1", "dense_2"),
                model.getLayers().stream().map(keras4j.layers.Layer::getName).toList());
        fails(() -> model.getLayer("dense_9"), "No such layer: 'dense_9'", "dense, dropout, dense_1, dense_2");
    }
}
