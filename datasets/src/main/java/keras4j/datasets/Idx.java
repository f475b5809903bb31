package keras4j.datasets;

import java.nio.file.Path;

import keras4j.datasets.internal.IdxReader;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads IDX files (the MNIST format) of your own, raw or gzip: EMNIST, KMNIST, or a copy of MNIST
 * elsewhere. The magic number, the dimensions, the length and the labels are checked; errors name
 * the file.
 *
 * <pre>{@code
 * INDArray x = Idx.readImages(Path.of("emnist-letters-train-images-idx3-ubyte.gz"));   // [n, 28, 28], 0..255
 * INDArray y = Idx.readLabels(Path.of("emnist-letters-train-labels-idx1-ubyte.gz"));   // [n]
 * }</pre>
 */
public final class Idx {
    private Idx() {
    }

    /**
     * @param file an IDX image file (magic {@code 0x00000803}), raw or gzip
     * @return float pixel values 0..255, shape {@code [count, rows, columns]}
     */
    public static INDArray readImages(Path file) {
        return IdxReader.readImages(file, IdxReader.ANY, IdxReader.ANY, IdxReader.ANY);
    }

    /**
     * @param file an IDX label file (magic {@code 0x00000801}), raw or gzip
     * @return the labels as float values 0..255, shape {@code [count]}
     */
    public static INDArray readLabels(Path file) {
        return IdxReader.readLabels(file, IdxReader.ANY, 256);
    }
}
