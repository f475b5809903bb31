package keras4j.datasets.internal;

import java.util.Arrays;

import keras4j.Keras4jException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks that an array is a feature matrix {@code [n, features]}, for the scalers.
 *
 * <pre>{@code
 * Features.requireMatrix(x, "StandardScaler.fit", -1);
 * }</pre>
 */
public final class Features {
    private Features() {
    }

    /**
     * @param x        the array
     * @param caller   how the error names the call
     * @param features the number of columns required, or -1 for any
     */
    public static void requireMatrix(INDArray x, String caller, long features) {
        if (x.rank() != 2) {
            throw new Keras4jException(caller + " expects features of shape [n, features], but received shape "
                    + Arrays.toString(x.shape()) + ". Flatten images first (Images.flatten).");
        }
        if (features >= 0 && x.size(1) != features) {
            throw new Keras4jException(caller + ": the scaler was fitted on " + features + " features, but received "
                    + "shape " + Arrays.toString(x.shape()) + ". Transform arrays with the same columns as the "
                    + "training features.");
        }
        if (x.size(0) == 0) {
            throw new Keras4jException(caller + " received no examples (shape " + Arrays.toString(x.shape())
                    + ").");
        }
    }
}
