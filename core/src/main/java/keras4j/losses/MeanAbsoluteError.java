package keras4j.losses;

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
    public String getClassName() {
        return "MeanAbsoluteError";
    }
}
