package keras4j.datasets;

import static keras4j.datasets.internal.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import keras4j.Keras4jException;
import keras4j.datasets.internal.Fixtures;
import keras4j.datasets.internal.ImageDatasetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Loading and streaming an image data set, on a tiny one (12 + 5 images of 3x2, 3 classes). */
class ImageDatasetLoaderTest {
    @TempDir
    Path home;
    @TempDir
    Path system;

    private ImageDatasetLoader cached() throws IOException {
        Fixtures.writeAll(home.resolve("datasets/tiny"), false);
        return new ImageDatasetLoader(Fixtures.offlineSpec("tiny"), Fixtures.settings(home, "", home));
    }

    @Test
    void loadDataGivesKerasShapesAndValues() throws IOException {
        TrainTestSplit data = cached().loadData();

        assertArrayEquals(new long[] {12, 3, 2}, data.xTrain().shape());
        assertArrayEquals(new long[] {12}, data.yTrain().shape());
        assertArrayEquals(new long[] {5, 3, 2}, data.xTest().shape());
        assertArrayEquals(new long[] {5}, data.yTest().shape());
        assertEquals(Fixtures.pixel(4, 3), data.xTrain().getFloat(4, 1, 1), 0f);
        assertEquals(2f, data.yTrain().getFloat(5), 0f);
    }

    @Test
    void helpersScaleFlattenAddChannelsAndOneHot() throws IOException {
        TrainTestSplit data = cached().loadData();

        TrainTestSplit dense = data.mapX(x -> Images.flatten(Images.scalePixels(x))).toCategorical(3);
        assertArrayEquals(new long[] {12, 6}, dense.xTrain().shape());
        assertEquals(Fixtures.pixel(4, 3) / 255f, dense.xTrain().getFloat(4, 3), 1e-6f);
        assertTrue(dense.xTrain().maxNumber().floatValue() <= 1f);
        assertArrayEquals(new long[] {12, 3}, dense.yTrain().shape());
        assertArrayEquals(new float[] {0, 0, 1}, dense.yTrain().getRow(5).toFloatVector());

        INDArray conv = Images.addChannelAxis(data.xTest());
        assertArrayEquals(new long[] {5, 3, 2, 1}, conv.shape());
        assertEquals(data.xTest().getFloat(2, 2, 1), conv.getFloat(2, 2, 1, 0), 0f);
        assertEquals(Fixtures.pixel(4, 3), data.xTrain().getFloat(4, 1, 1), 0f, "the helpers leave x unchanged");

        assertMessage(assertThrows(Keras4jException.class, () -> Images.addChannelAxis(conv)), "[5, 3, 2, 1]");
    }

    @Test
    void readsGzipFilesInASystemFolderWithoutCopying() throws IOException {
        Fixtures.writeAll(system, true);
        ImageDatasetSpec spec = Fixtures.spec("tiny", List.of(system), List.of(), List.of());
        ImageDatasetLoader loader = new ImageDatasetLoader(spec, Fixtures.settings(home, "", home));

        TrainTestSplit data = loader.loadData();

        assertEquals(12, data.xTrain().size(0));
        assertFalse(Files.exists(home.resolve("datasets/tiny")), "nothing copied for loadData");
    }

    @Test
    void iteratorStreamsBatchesInTheRequestedLayout() throws IOException {
        ImageDatasetLoader loader = cached();

        ImageIterator flat = loader.iterator(Subset.TEST).batchSize(2).build();
        List<DataSet> batches = new ArrayList<>();
        while (flat.hasNext()) {
            batches.add(flat.next());
        }
        assertEquals(3, batches.size());
        assertArrayEquals(new long[] {2, 6}, batches.get(0).getFeatures().shape());
        assertArrayEquals(new long[] {1, 6}, batches.get(2).getFeatures().shape());
        assertArrayEquals(new long[] {2, 3}, batches.get(0).getLabels().shape());
        assertEquals(Fixtures.pixel(1, 4) / 255f, batches.get(0).getFeatures().getFloat(1, 4), 1e-6f,
                "test batches keep the file's order");
        assertArrayEquals(new float[] {0, 1, 0}, batches.get(0).getLabels().getRow(1).toFloatVector());
        assertThrows(NoSuchElementException.class, flat::next);
        assertEquals(6, flat.inputColumns());
        assertEquals(3, flat.totalOutcomes());
        assertEquals(List.of("a", "b", "c"), flat.getLabels());

        DataSet nhwc = loader.iterator(Subset.TEST).batchSize(5).layout(ImageLayout.CHANNELS_LAST).scale(false)
                .oneHot(false).build().next();
        assertArrayEquals(new long[] {5, 3, 2, 1}, nhwc.getFeatures().shape());
        assertEquals(Fixtures.pixel(3, 5), nhwc.getFeatures().getFloat(3, 2, 1, 0), 0f);
        assertArrayEquals(new long[] {5, 1}, nhwc.getLabels().shape());
        assertEquals(0f, nhwc.getLabels().getFloat(3, 0), 0f);

        DataSet nchw = loader.iterator(Subset.TEST).batchSize(5).layout(ImageLayout.CHANNELS_FIRST).build().next();
        assertArrayEquals(new long[] {5, 1, 3, 2}, nchw.getFeatures().shape());
    }

    @Test
    void trainingIteratorReshufflesEachEpochReproducibly() throws IOException {
        ImageDatasetLoader loader = cached();
        ImageIterator a = loader.iterator(Subset.TRAIN).batchSize(12).oneHot(false).build();
        ImageIterator b = loader.iterator(Subset.TRAIN).batchSize(12).oneHot(false).build();

        INDArray epoch1 = a.next().getFeatures();
        assertEquals(epoch1, b.next().getFeatures(), "same seed, same order");
        a.reset();
        INDArray epoch2 = a.next().getFeatures();
        assertNotEquals(epoch1, epoch2, "a new order each epoch");
        assertEquals(epoch1.sumNumber().doubleValue(), epoch2.sumNumber().doubleValue(), 1e-3,
                "the same examples");

        ImageIterator limited = loader.iterator(Subset.TRAIN).limit(7).batchSize(100).shuffle(false).build();
        assertEquals(7, limited.numExamples());
        assertEquals(7, limited.next().getFeatures().size(0));
        assertFalse(limited.hasNext());
    }

    @Test
    void iteratorOverGzipSystemFilesUncompressesThemIntoTheCacheOnce() throws IOException {
        Fixtures.writeAll(system, true);
        ImageDatasetSpec spec = Fixtures.spec("tiny", List.of(system), List.of(), List.of());
        ImageDatasetLoader loader = new ImageDatasetLoader(spec, Fixtures.settings(home, "", home));

        DataSet batch = loader.iterator(Subset.TRAIN).shuffle(false).build().next();

        assertEquals(Fixtures.pixel(0, 1) / 255f, batch.getFeatures().getFloat(0, 1), 1e-6f);
        assertEquals(List.of("train-images-idx3-ubyte"), Fixtures.listing(home.resolve("datasets/tiny")));
    }

    @Test
    void missingDataSetFailsWithEveryPlaceTried() {
        ImageDatasetSpec spec = Fixtures.spec("tiny", List.of(system), List.of(), List.of());
        ImageDatasetLoader loader = new ImageDatasetLoader(spec, Fixtures.settings(home, "", home));

        Keras4jException e = assertThrows(Keras4jException.class, loader::loadData);

        assertMessage(e, "Data set 'tiny' is not available", "1. cache " + home.resolve("datasets/tiny"),
                "2. " + system + ": no train-images-idx3-ubyte", "copy the files (raw or .gz) into");
    }

    @Test
    void idxReadsFilesOfYourOwn() throws IOException {
        Fixtures.writeAll(system, true);
        assertArrayEquals(new long[] {12, 3, 2}, Idx.readImages(system.resolve("train-images-idx3-ubyte.gz")).shape());
        assertArrayEquals(new float[] {0, 1, 2, 0, 1}, Idx.readLabels(system.resolve("t10k-labels-idx1-ubyte.gz"))
                .toFloatVector());
        assertMessage(assertThrows(Keras4jException.class,
                () -> Idx.readImages(system.resolve("t10k-labels-idx1-ubyte.gz"))), "not an IDX image file");
    }
}
