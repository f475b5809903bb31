package keras4j.datasets;

import static keras4j.datasets.internal.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;

import keras4j.Keras4jException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DataUtilsTest {
    @Test
    void toCategoricalLikeKeras() {
        INDArray y = Nd4j.createFromArray(0f, 2f, 1f, 2f);

        INDArray oneHot = DataUtils.toCategorical(y, 3);

        assertArrayEquals(new long[] {4, 3}, oneHot.shape());
        assertArrayEquals(new float[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 0, 1}}, oneHot.toFloatMatrix());
        assertEquals(oneHot, DataUtils.toCategorical(y));
        assertArrayEquals(new long[] {4, 5}, DataUtils.toCategorical(y, 5).shape());
        assertEquals(oneHot, DataUtils.toCategorical(y.reshape(new long[] {4, 1}), 3), "[n, 1] works too");
        assertEquals(oneHot, DataUtils.toCategorical(Nd4j.createFromArray(0, 2, 1, 2), 3), "int arrays too");
    }

    @Test
    void toCategoricalRejectsWhatIsNotAClassId() {
        assertMessage(assertThrows(Keras4jException.class,
                () -> DataUtils.toCategorical(Nd4j.createFromArray(0f, 3f), 3)), "y[1] = 3", "numClasses = 4");
        assertMessage(assertThrows(Keras4jException.class,
                () -> DataUtils.toCategorical(Nd4j.createFromArray(0f, 1.5f), 3)), "y[1] = 1.5", "whole numbers");
        assertMessage(assertThrows(Keras4jException.class,
                () -> DataUtils.toCategorical(Nd4j.createFromArray(-1f), 3)), "y[0] = -1");
        assertMessage(assertThrows(Keras4jException.class,
                () -> DataUtils.toCategorical(Nd4j.eye(3), 3)), "shape [3, 3]", "not one-hot");
    }

    private static INDArray ids(int n, int classes) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
        }
        return Nd4j.createFromArray(y);
    }

    @Test
    void trainTestSplitKeepsRowsTogether() {
        INDArray x = Nd4j.arange(0, 20).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(10, 2);
        INDArray y = Nd4j.arange(0, 10).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);

        TrainTestSplit split = DataUtils.trainTestSplit(x, y, 0.25, 7, false);

        assertEquals(7, split.xTrain().size(0));
        assertEquals(3, split.xTest().size(0), "ceil(0.25 * 10) like scikit-learn");
        Set<Float> seen = new HashSet<>();
        for (LabeledData part : new LabeledData[] {split.train(), split.test()}) {
            for (int i = 0; i < part.size(); i++) {
                float id = part.y().getFloat(i);
                assertEquals(2 * id, part.x().getFloat(i, 0), 0f, "x row stays with its label");
                assertEquals(2 * id + 1, part.x().getFloat(i, 1), 0f);
                seen.add(id);
            }
        }
        assertEquals(10, seen.size(), "every example once");
        assertEquals(split, DataUtils.trainTestSplit(x, y, 0.25, 7, false), "same seed, same split");
        assertNotEquals(split.yTest(), DataUtils.trainTestSplit(x, y, 0.25, 8, false).yTest());
    }

    @Test
    void stratifiedSplitKeepsClassProportions() {
        INDArray y = Nd4j.createFromArray(new float[100]);
        for (int i = 0; i < 100; i++) {
            y.putScalar(i, i < 60 ? 0 : i < 90 ? 1 : 2);   // 60 / 30 / 10
        }
        INDArray x = Nd4j.rand(100, 3);

        TrainTestSplit split = DataUtils.trainTestSplit(x, y, 0.2, 1, true);

        assertArrayEquals(new int[] {12, 6, 2}, counts(split.yTest(), 3));
        assertArrayEquals(new int[] {48, 24, 8}, counts(split.yTrain(), 3));
    }

    @Test
    void stratifiedRemaindersSumToTheTestSize() {
        TrainTestSplit split = DataUtils.trainTestSplit(Nd4j.rand(31, 2), ids(31, 3), 0.3, 3, true);
        assertEquals(10, split.yTest().length(), "ceil(0.3 * 31)");
        // Classes of 11, 10, 10: exact shares 3.55, 3.23, 3.23; the one left over goes to the largest fraction.
        assertArrayEquals(new int[] {4, 3, 3}, counts(split.yTest(), 3));
    }

    @Test
    void splitsImagesOfAnyRank() {
        INDArray images = Nd4j.rand(new int[] {10, 3, 2});
        TrainTestSplit split = DataUtils.trainTestSplit(images, ids(10, 2), 0.2, 5, true);
        assertArrayEquals(new long[] {8, 3, 2}, split.xTrain().shape());
        assertArrayEquals(new long[] {2, 3, 2}, split.xTest().shape());
        assertArrayEquals(new long[] {2}, split.yTest().shape());
    }

    @Test
    void trainTestSplitErrors() {
        INDArray x = Nd4j.rand(10, 2);
        assertMessage(assertThrows(Keras4jException.class, () -> DataUtils.trainTestSplit(x, ids(9, 2), 0.2, 1, false)),
                "shape [10, 2]", "shape [9]");
        assertMessage(assertThrows(Keras4jException.class, () -> DataUtils.trainTestSplit(x, ids(10, 2), 1.5, 1, false)),
                "between 0 and 1", "1.5");
        assertMessage(assertThrows(Keras4jException.class, () -> DataUtils.trainTestSplit(x, ids(10, 2), 0.99, 1, false)),
                "none for training");
        INDArray rare = Nd4j.createFromArray(0f, 0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f, 2f);
        assertMessage(assertThrows(Keras4jException.class, () -> DataUtils.trainTestSplit(x, rare, 0.2, 1, true)),
                "class 2 has only 1 example");
    }

    static int[] counts(INDArray y, int classes) {
        int[] counts = new int[classes];
        for (double v : y.toDoubleVector()) {
            counts[(int) v]++;
        }
        return counts;
    }
}
