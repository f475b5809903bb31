package keras4j.datasets;

import java.util.List;

import keras4j.Keras4jException;
import keras4j.datasets.internal.ImageDatasetSpecs;

/**
 * Zalando's Fashion-MNIST: 60000 training and 10000 test grayscale images of clothes, 28x28
 * pixels, 10 classes, a drop-in, harder replacement for MNIST. The files are found in the cache,
 * in {@code /usr/share/datasets/fashion-mnist} (Debian's {@code dataset-fashion-mnist}), on a public
 * mirror, or through that Debian package, and always checked against pinned SHA-256 sums.
 *
 * <pre>{@code
 * TrainTestSplit data = FashionMnist.loadData();
 * String first = FashionMnist.className(data.yTrain().getInt(0));   // "Ankle boot"
 * }</pre>
 */
public final class FashionMnist {
    /** The data set's name, as {@link Datasets#fetch(String)} and the cache folder know it. */
    public static final String NAME = "fashion-mnist";
    /** The number of classes. */
    public static final int NUM_CLASSES = 10;
    /** The class names, indexed by class id: T-shirt/top, Trouser, Pullover, ... Ankle boot. */
    public static final List<String> CLASS_NAMES = ImageDatasetSpecs.FASHION_MNIST.classNames();

    private FashionMnist() {
    }

    /**
     * Loads the whole data set, as Keras's {@code fashion_mnist.load_data()} does.
     *
     * @return x {@code [60000, 28, 28]} and {@code [10000, 28, 28]} float pixel values 0..255; y class ids
     *     {@code [60000]} and {@code [10000]}
     * @throws keras4j.Keras4jException when the files can be found and fetched nowhere (the message lists where
     *                                  it looked)
     */
    public static TrainTestSplit loadData() {
        return ImageDatasetLoader.of(ImageDatasetSpecs.FASHION_MNIST).loadData();
    }

    /**
     * @param subset the training or the test images
     * @return the options of a streaming iterator; its {@code build()} finds the files
     */
    public static ImageIterator.Builder iterator(Subset subset) {
        return ImageDatasetLoader.of(ImageDatasetSpecs.FASHION_MNIST).iterator(subset);
    }

    /**
     * @param classId 0..9
     * @return the class's name, e.g. {@code "Sneaker"} for 7
     */
    public static String className(int classId) {
        if (classId < 0 || classId >= CLASS_NAMES.size()) {
            throw new Keras4jException("Fashion-MNIST class ids are 0..9, got " + classId + ".");
        }
        return CLASS_NAMES.get(classId);
    }
}
