package keras4j.losses;

/**
 * Mean squared error, {@code mean((y_true - y_pred)^2)} over the outputs, for regression.
 *
 * <pre>{@code
 * double mse = new MeanSquaredError().call(yTrue, yPred);
 * }</pre>
 */
public final class MeanSquaredError extends Loss {
    /** Creates the loss. */
    public MeanSquaredError() {
    }

    @Override
    public String getName() {
        return "mean_squared_error";
    }

    @Override
    public String getClassName() {
        return "MeanSquaredError";
    }
}
