package keras4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import keras4j.Keras4jHome;
import keras4j.datasets.internal.FetchSettings;
import keras4j.datasets.internal.ImageDatasetSpec;
import keras4j.datasets.internal.ImageDatasetSpecs;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Checks on the real MNIST and Fashion-MNIST, run when they are already on this machine (the
 * user's cache, {@code KERAS4J_HOME} or {@code ~/.keras4j}, or a system folder) and skipped
 * otherwise. Only reads: finds nothing missing, so fetches and deletes nothing.
 */
class RealDataTest {
    /** The user's home as {@link Keras4jHome} finds it, ignoring the property the build sets for tests. */
    private static Path realHome() {
        String env = System.getenv(Keras4jHome.ENVIRONMENT_VARIABLE);
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".keras4j");
    }

    private static ImageDatasetLoader presentOrSkip(ImageDatasetSpec spec) {
        ImageDatasetLoader loader = new ImageDatasetLoader(spec, FetchSettings.fromEnvironment().withHome(realHome()));
        int found = loader.store().findLocal().size();
        assumeTrue(found == spec.files().size(), () -> spec.name() + " is not on this machine (" + found + " of 4 "
                + "verified files under " + realHome() + "); fetch it with Datasets.fetch(\"" + spec.name() + "\")");
        return loader;
    }

    private static int[] counts(INDArray y) {
        return DataUtilsTest.counts(y, 10);
    }

    /** Sums per image first: each fits a float exactly, the total does not. */
    private static long pixelSum(INDArray x) {
        long total = 0;
        for (double v : x.sum(1, 2).toDoubleVector()) {
            total += (long) v;
        }
        return total;
    }

    @Test
    void mnist() {
        TrainTestSplit data = presentOrSkip(ImageDatasetSpecs.MNIST).loadData();

        assertArrayEquals(new long[] {60000, 28, 28}, data.xTrain().shape());
        assertArrayEquals(new long[] {10000, 28, 28}, data.xTest().shape());
        assertEquals(5, data.yTrain().getInt(0), "the first training digit is a 5");
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, counts(data.yTrain()));
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, counts(data.yTest()));
        assertEquals(1_567_298_545L, pixelSum(data.xTrain()));
        assertEquals(264_923_200L, pixelSum(data.xTest()));
        assertEquals(255f, data.xTrain().maxNumber().floatValue());
    }

    @Test
    void fashionMnist() {
        TrainTestSplit data = presentOrSkip(ImageDatasetSpecs.FASHION_MNIST).loadData();

        assertArrayEquals(new long[] {60000, 28, 28}, data.xTrain().shape());
        assertEquals("Ankle boot", FashionMnist.className(data.yTrain().getInt(0)));
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000},
                counts(data.yTrain()));
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000},
                counts(data.yTest()));
        assertEquals(3_431_114_169L, pixelSum(data.xTrain()));
        assertEquals(573_469_082L, pixelSum(data.xTest()));
    }

    @Test
    void mnistStreamsTheSameExamples() {
        ImageDatasetLoader loader = presentOrSkip(ImageDatasetSpecs.MNIST);
        ImageIterator test = loader.iterator(Subset.TEST).batchSize(1000).build();

        DataSet first = test.next();
        assertArrayEquals(new long[] {1000, 784}, first.getFeatures().shape());
        assertArrayEquals(new long[] {1000, 10}, first.getLabels().shape());
        assertEquals(7, first.getLabels().getRow(0).argMax().getInt(0), "the first test digit is a 7");
        INDArray loaded = loader.loadData().xTest().get(NDArrayIndex.interval(0, 1000), NDArrayIndex.all(),
                NDArrayIndex.all());
        assertEquals(Images.flatten(Images.scalePixels(loaded)), first.getFeatures());
        int batches = 1;
        while (test.hasNext()) {
            test.next();
            batches++;
        }
        assertEquals(10, batches);
    }
}
