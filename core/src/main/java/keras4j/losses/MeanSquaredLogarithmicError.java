package keras4j.losses;

/**
 * Mean squared logarithmic error, {@code mean((log(max(y_pred, 1e-7) + 1) - log(max(y_true, 1e-7) + 1))^2)}
 * over the outputs, for positive targets spanning orders of magnitude (Keras's {@code "msle"}).
 *
 * <pre>{@code
 * model.compile("adam", "msle");
 * }</pre>
 */
public final class MeanSquaredLogarithmicError extends Loss {
    /** Creates the loss. */
    public MeanSquaredLogarithmicError() {
    }

    @Override
    public String getName() {
        return "mean_squared_logarithmic_error";
    }

    @Override
    public String getClassName() {
        return "MeanSquaredLogarithmicError";
    }
}
