package keras4j.losses;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Keras4jException;
import keras4j.internal.Shapes;

/**
 * Categorical cross-entropy with integer class ids as targets (0 .. classes-1) and softmax
 * outputs: no one-hot encoding needed.
 *
 * <pre>{@code
 * model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
 * double loss = new SparseCategoricalCrossentropy().call(classIds, probabilities);
 * }</pre>
 */
public final class SparseCategoricalCrossentropy extends Loss {
    /** Creates the loss. */
    public SparseCategoricalCrossentropy() {
    }

    @Override
    public String getName() {
        return "sparse_categorical_crossentropy";
    }

    @Override
    public boolean isSparse() {
        return true;
    }

    @Override
    public boolean isProbabilistic() {
        return true;
    }

    @Override
    INDArray labels(INDArray yTrue, INDArray yPred) {
        if (yTrue.length() != yPred.size(0) || (yTrue.rank() == 2 && yTrue.size(1) != 1) || yTrue.rank() > 2) {
            throw new Keras4jException(getName() + ": y_true must hold one class id per sample, shape (" + yPred.size(0)
                    + ",) for y_pred " + Shapes.of(yPred.shape()) + "; received " + Shapes.of(yTrue.shape())
                    + ". For one-hot targets use categorical_crossentropy.");
        }
        return yTrue.reshape(yTrue.length(), 1);
    }

    @Override
    INDArray prepare(INDArray yPred) {
        return probabilities(yPred);
    }
}
