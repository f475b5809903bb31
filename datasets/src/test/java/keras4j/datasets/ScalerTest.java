package keras4j.datasets;

import static keras4j.datasets.internal.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import keras4j.Keras4jException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ScalerTest {
    private final INDArray train = Nd4j.createFromArray(new float[][] {{1, 10}, {2, 20}, {3, 30}, {4, 40}});
    private final INDArray test = Nd4j.createFromArray(new float[][] {{2.5f, 50}, {0, 10}});

    @Test
    void minMaxFitsOnTrainAndAppliesTheSameScaleToTest() {
        MinMaxScaler scaler = MinMaxScaler.fit(train);

        assertClose(new float[][] {{0, 0}, {1 / 3f, 1 / 3f}, {2 / 3f, 2 / 3f}, {1, 1}}, scaler.transform(train));
        assertClose(new float[][] {{0.5f, 4 / 3f}, {-1 / 3f, 0}}, scaler.transform(test));
        assertArrayEquals(new float[] {1, 10}, scaler.dataMin().toFloatVector(), 0f);
        assertArrayEquals(new float[] {4, 40}, scaler.dataMax().toFloatVector(), 0f);
        assertEquals(train, scaler.inverseTransform(scaler.transform(train)));
        assertArrayEquals(new float[] {1, 10}, train.getRow(0).toFloatVector(), 0f, "input unchanged");

        assertClose(new float[][] {{-1, -1}, {-1 / 3f, -1 / 3f}, {1 / 3f, 1 / 3f}, {1, 1}},
                MinMaxScaler.fit(train, -1, 1).transform(train));
    }

    @Test
    void standardFitsOnTrainAndAppliesTheSameShiftToTest() {
        StandardScaler scaler = StandardScaler.fit(train);

        INDArray scaled = scaler.transform(train);
        assertArrayEquals(new float[] {0, 0}, scaled.mean(0).toFloatVector(), 1e-5f);
        assertArrayEquals(new float[] {2.5f, 25}, scaler.mean().toFloatVector(), 1e-5f);
        double std = Math.sqrt(1.25);   // population std of 1, 2, 3, 4, as scikit-learn
        assertArrayEquals(new float[] {(float) std, (float) (10 * std)}, scaler.std().toFloatVector(), 1e-4f);
        assertArrayEquals(new float[] {0, (float) (25 / (10 * std))}, scaler.transform(test).getRow(0).toFloatVector(),
                1e-4f);
        assertEquals(test, scaler.inverseTransform(scaler.transform(test)));
    }

    @Test
    void scalersCheckTheShape() {
        StandardScaler scaler = StandardScaler.fit(train);
        assertMessage(assertThrows(Keras4jException.class, () -> scaler.transform(Nd4j.rand(3, 3))),
                "fitted on 2 features", "[3, 3]");
        assertMessage(assertThrows(Keras4jException.class, () -> MinMaxScaler.fit(Nd4j.rand(new int[] {2, 3, 4}))),
                "[n, features]", "[2, 3, 4]", "Images.flatten");
        assertMessage(assertThrows(Keras4jException.class, () -> MinMaxScaler.fit(train, 1, 0)), "min < max");
    }

    private static void assertClose(float[][] expected, INDArray actual) {
        assertArrayEquals(new long[] {expected.length, expected[0].length}, actual.shape());
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual.getRow(i).toFloatVector(), 1e-5f, "row " + i);
        }
    }
}
