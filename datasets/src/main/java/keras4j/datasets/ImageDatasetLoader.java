package keras4j.datasets;

import java.nio.file.Path;
import java.util.Map;

import keras4j.Keras4jException;
import keras4j.datasets.internal.FetchSettings;
import keras4j.datasets.internal.IdxFile;
import keras4j.datasets.internal.IdxReader;
import keras4j.datasets.internal.ImageDatasetSpec;
import keras4j.datasets.internal.ImageDatasetStore;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What {@link Mnist} and {@link FashionMnist} share: find the files, read them, stream them. */
final class ImageDatasetLoader {
    private final ImageDatasetStore store;

    ImageDatasetLoader(ImageDatasetSpec spec, FetchSettings settings) {
        this.store = new ImageDatasetStore(spec, settings);
    }

    static ImageDatasetLoader of(ImageDatasetSpec spec) {
        return new ImageDatasetLoader(spec, FetchSettings.fromEnvironment());
    }

    ImageDatasetSpec spec() {
        return store.spec();
    }

    ImageDatasetStore store() {
        return store;
    }

    TrainTestSplit loadData() {
        ImageDatasetSpec spec = spec();
        Map<IdxFile, Path> files = store.ensure();
        INDArray yTrain = IdxReader.readLabels(files.get(spec.trainLabels()), spec.trainLabels().expectedCount(),
                spec.numClasses());
        INDArray yTest = IdxReader.readLabels(files.get(spec.testLabels()), spec.testLabels().expectedCount(),
                spec.numClasses());
        INDArray xTrain = IdxReader.readImages(files.get(spec.trainImages()), spec.trainImages().expectedCount(),
                spec.rows(), spec.columns());
        INDArray xTest = IdxReader.readImages(files.get(spec.testImages()), spec.testImages().expectedCount(),
                spec.rows(), spec.columns());
        return new TrainTestSplit(xTrain, yTrain, xTest, yTest);
    }

    byte[] labelBytes(IdxFile labels) {
        return IdxReader.readLabelBytes(store.ensure().get(labels), labels.expectedCount(), spec().numClasses());
    }

    Path uncompressed(IdxFile images) {
        return store.ensureUncompressed(images);
    }

    ImageIterator.Builder iterator(Subset subset) {
        if (subset == null) {
            throw new Keras4jException("iterator needs Subset.TRAIN or Subset.TEST, got null.");
        }
        return new ImageIterator.Builder(this, subset);
    }
}
