package keras4j.datasets;

import java.util.Objects;

import keras4j.Keras4jException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Features and their labels, one example per row.
 *
 * <pre>{@code
 * LabeledData iris = Iris.load();
 * INDArray x = iris.x();   // [150, 4]
 * INDArray y = iris.y();   // [150], class ids 0..2
 * }</pre>
 *
 * @param x features, examples along the first axis
 * @param y labels, one per example (class ids with shape {@code [n]}, or one-hot rows)
 */
public record LabeledData(INDArray x, INDArray y) {
    // Checks that x and y hold the same number of examples.
    public LabeledData {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.rank() == 0 || y.rank() == 0 || x.size(0) != y.size(0)) {
            throw new Keras4jException("x and y must hold the same number of examples along their first axis, "
                    + "but x has shape " + java.util.Arrays.toString(x.shape()) + " and y has shape "
                    + java.util.Arrays.toString(y.shape()) + ". Pass one label per row of x.");
        }
    }

    /** @return the number of examples */
    public int size() {
        return (int) x.size(0);
    }
}
