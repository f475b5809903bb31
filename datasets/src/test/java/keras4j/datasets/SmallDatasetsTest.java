package keras4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Iris and the truth tables: shipped in the jar, no download. */
class SmallDatasetsTest {
    @Test
    void irisHas150RowsAnd50PerSpecies() {
        LabeledData iris = Iris.load();

        assertArrayEquals(new long[] {150, 4}, iris.x().shape());
        assertArrayEquals(new long[] {150}, iris.y().shape());
        assertArrayEquals(new int[] {50, 50, 50}, DataUtilsTest.counts(iris.y(), 3));
        // The well-known column means (scikit-learn's iris, with the two UCI corrections).
        assertArrayEquals(new float[] {5.843f, 3.057f, 3.758f, 1.199f}, iris.x().mean(0).toFloatVector(), 5e-4f);
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, iris.x().getRow(0).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {5.9f, 3.0f, 5.1f, 1.8f}, iris.x().getRow(149).toFloatVector(), 1e-6f);
        assertEquals("virginica", Iris.SPECIES.get(iris.y().getInt(149)));
    }

    @Test
    void irisSpeciesMeans() {
        LabeledData iris = Iris.load();
        float[][] expected = {{5.006f, 3.428f, 1.462f, 0.246f}, {5.936f, 2.770f, 4.260f, 1.326f},
            {6.588f, 2.974f, 5.552f, 2.026f}};
        for (int s = 0; s < 3; s++) {
            INDArray rows = iris.x().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(50 * s, 50 * s + 50),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            assertArrayEquals(expected[s], rows.mean(0).toFloatVector(), 5e-4f, Iris.SPECIES.get(s));
        }
    }

    @Test
    void irisSplitIsStratifiedAndSeeded() {
        TrainTestSplit split = Iris.loadData();

        assertArrayEquals(new long[] {120, 4}, split.xTrain().shape());
        assertArrayEquals(new long[] {30, 4}, split.xTest().shape());
        assertArrayEquals(new int[] {40, 40, 40}, DataUtilsTest.counts(split.yTrain(), 3));
        assertArrayEquals(new int[] {10, 10, 10}, DataUtilsTest.counts(split.yTest(), 3));
        assertEquals(split, Iris.loadData());
        assertNotEquals(split.yTest(), Iris.loadData(0.2, 43).yTest());
        assertArrayEquals(new int[] {5, 5, 5}, DataUtilsTest.counts(Iris.loadData(0.1, 1).yTest(), 3));
    }

    @Test
    void truthTablesAsKerasUsersWriteThem() {
        LabeledData xor = TruthTables.xor();
        assertArrayEquals(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, xor.x().toFloatMatrix());
        assertArrayEquals(new float[] {0, 1, 1, 0}, xor.y().toFloatVector());
        assertArrayEquals(new float[] {0, 0, 0, 1}, TruthTables.and().y().toFloatVector());
        assertArrayEquals(new float[] {0, 1, 1, 1}, TruthTables.or().y().toFloatVector());
        assertEquals(xor.x(), TruthTables.or().x());
    }
}
