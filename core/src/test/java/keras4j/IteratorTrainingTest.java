package keras4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import keras4j.callbacks.History;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;

/** fit, evaluate and predict on a DL4J DataSetIterator, for data that doesn't fit in memory. */
class IteratorTrainingTest {
    private static final INDArray X = Arrays2.random(41, 40, 3, 2);
    private static final INDArray Y = Arrays2.classIds(42, 40, 3);

    private static Sequential model() {
        Sequential model = Sequential.of(new Input(3, 2), new Flatten(), new Dense(8, "tanh"), new Dense(3, "softmax"));
        model.setSeed(9);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return model;
    }

    /** A user's iterator: 8-row batches of flattened rows and [b, 1] class ids, in a fixed order. */
    private static DataSetIterator iterator(INDArray x, INDArray y) {
        return Arrays2.iterator(x.reshape(x.size(0), 6), y.reshape(y.length(), 1), 8);
    }

    @Test
    void anIteratorTrainsLikeTheSameArraysInTheSameOrder() {
        Sequential fromArrays = model();
        History a = fromArrays.fit(X, Y, new FitOptions().epochs(3).batchSize(8).shuffle(false).verbose(0));
        Sequential fromIterator = model();
        History b = fromIterator.fit(iterator(X, Y), new FitOptions().epochs(3).verbose(0)
                .validationData(iterator(X, Y)));
        assertEquals(a.get("loss"), b.get("loss"));
        assertEquals(fromArrays.getWeights(), fromIterator.getWeights());
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), b.keys());
        StringBuilder progress = new StringBuilder();
        model().fit(iterator(X, Y), new FitOptions().epochs(2).verbose(2).output(progress));
        org.junit.jupiter.api.Assertions.assertTrue(progress.toString().matches(
                "(?s)Epoch 1/2\n\\s*5/Unknown - .*Epoch 2/2\n5/5 - .*"), "the count is known after one epoch: " + progress);

        Map<String, Double> scores = fromIterator.evaluate(X, Y);
        assertEquals(scores.get("loss"), fromIterator.evaluate(iterator(X, Y)).get("loss"), 1e-6);
        assertEquals(scores.get("loss"), b.last("val_loss"), 1e-6);
        assertEquals(fromIterator.predict(X), fromIterator.predict(iterator(X, Y)));
    }

    @Test
    void aBadBatchIsNamed() {
        INDArray y = Y.dup();
        y.putScalar(17, 7);
        ErrorMessagesTest.fails(() -> model().fit(iterator(X, y), new FitOptions().verbose(0)),
                "batch 2 of the DataSetIterator", "label value of 7.0 at row 1", "[0, 3)");
        ErrorMessagesTest.fails(() -> model().fit(iterator(X, Y), new FitOptions().validationSplit(0.2)),
                "validationSplit, classWeight and sampleWeight need in-memory arrays");
    }
}
