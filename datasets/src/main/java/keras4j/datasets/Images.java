package keras4j.datasets;

import java.util.Arrays;

import keras4j.Keras4jException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reshaping and scaling Keras users do to image arrays before {@code fit}: {@code x / 255},
 * {@code x.reshape(n, 784)}, {@code np.expand_dims(x, -1)}. Each returns a new array.
 *
 * <pre>{@code
 * INDArray x = Mnist.loadData().xTrain();                  // [60000, 28, 28], 0..255
 * INDArray dense = Images.flatten(Images.scalePixels(x));  // [60000, 784], 0..1, for Dense layers
 * INDArray conv = Images.addChannelAxis(Images.scalePixels(x));   // [60000, 28, 28, 1], for Conv2D
 * }</pre>
 */
public final class Images {
    private Images() {
    }

    /**
     * @param x pixel values 0..255
     * @return float values 0..1 ({@code x / 255})
     */
    public static INDArray scalePixels(INDArray x) {
        return x.castTo(DataType.FLOAT).div(255f);
    }

    /**
     * @param x images {@code [n, height, width]} or {@code [n, height, width, channels]}
     * @return one row per image, {@code [n, height * width * channels]}
     */
    public static INDArray flatten(INDArray x) {
        if (x.rank() < 2) {
            throw new Keras4jException("Images.flatten expects images with the examples along the first axis, "
                    + "e.g. [n, 28, 28], but received shape " + Arrays.toString(x.shape()) + ".");
        }
        return x.reshape('c', new long[] {x.size(0), x.length() / x.size(0)}).dup('c');
    }

    /**
     * Adds the channel axis last, as Keras's {@code Conv2D} expects (channels-last).
     *
     * @param x grayscale images {@code [n, height, width]}
     * @return {@code [n, height, width, 1]}
     */
    public static INDArray addChannelAxis(INDArray x) {
        if (x.rank() != 3) {
            throw new Keras4jException("Images.addChannelAxis expects grayscale images [n, height, width], but "
                    + "received shape " + Arrays.toString(x.shape()) + ". Images with 4 axes already have one.");
        }
        return x.reshape('c', new long[] {x.size(0), x.size(1), x.size(2), 1}).dup('c');
    }
}
