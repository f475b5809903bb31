package keras4j.losses;

import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;

/**
 * Mean absolute error, {@code mean(|y_true - y_pred|)} over the outputs, for regression.
 *
 * <pre>{@code
 * double mae = new MeanAbsoluteError().call(yTrue, yPred);
 * }</pre>
 */
public final class MeanAbsoluteError extends Loss {
    /** Creates the loss. */
    public MeanAbsoluteError() {
    }

    @Override
    public String getName() {
        return "mean_absolute_error";
    }

    @Override
    public ILossFunction toDl4j(int units) {
        return new LossMAE();
    }
}
