package keras4j.losses;

/**
 * Mean absolute percentage error, {@code 100 mean(|y_true - y_pred| / max(|y_true|, 1e-7))} over the
 * outputs, for regression on targets away from 0 (Keras's {@code "mape"}).
 *
 * <pre>{@code
 * double mape = new MeanAbsolutePercentageError().call(yTrue, yPred);
 * }</pre>
 */
public final class MeanAbsolutePercentageError extends Loss {
    /** Creates the loss. */
    public MeanAbsolutePercentageError() {
    }

    @Override
    public String getName() {
        return "mean_absolute_percentage_error";
    }

    @Override
    public String getClassName() {
        return "MeanAbsolutePercentageError";
    }
}
