package keras4j.losses;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * Binary cross-entropy, for yes/no targets (0 or 1) and sigmoid outputs; with several outputs,
 * averaged over them as in Keras (multi-label classification).
 *
 * <pre>{@code
 * model.compile("adam", new BinaryCrossentropy(), "accuracy");
 * }</pre>
 */
public final class BinaryCrossentropy extends Loss {
    /** Creates the loss. */
    public BinaryCrossentropy() {
    }

    @Override
    public String getName() {
        return "binary_crossentropy";
    }

    @Override
    public boolean isProbabilistic() {
        return true;
    }

    @Override
    public ILossFunction toDl4j(int units) {
        // DL4J sums over the outputs, Keras averages: per-output weights of 1/units make them equal.
        return new LossBinaryXENT(EPSILON,
                units == 1 ? null : Nd4j.valueArrayOf(new long[] {1, units}, 1.0 / units, DataType.FLOAT));
    }
}
