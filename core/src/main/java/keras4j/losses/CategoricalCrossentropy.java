package keras4j.losses;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Categorical cross-entropy, for one-hot targets and softmax outputs. For class ids (0, 1, 2, ...)
 * use {@link SparseCategoricalCrossentropy} instead.
 *
 * <pre>{@code
 * model.compile("adam", "categorical_crossentropy", "accuracy");
 * }</pre>
 */
public final class CategoricalCrossentropy extends Loss {
    /** Creates the loss. */
    public CategoricalCrossentropy() {
    }

    @Override
    public String getName() {
        return "categorical_crossentropy";
    }

    @Override
    public boolean isProbabilistic() {
        return true;
    }

    @Override
    INDArray prepare(INDArray yPred) {
        return probabilities(yPred);
    }
}
