package keras4j.metrics;

/**
 * Keras's {@code MeanSquaredLogarithmicError} metric: {@code mean((log(y_true + 1) - log(y_pred + 1))^2)} (by name {@code "msle"}), averaged over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mse"), new MeanSquaredLogarithmicError());
 * }</pre>
 */
public final class MeanSquaredLogarithmicError extends LossMetric {
    /** Keras's default, logged as "mean_squared_logarithmic_error". */
    public MeanSquaredLogarithmicError() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "mean_squared_logarithmic_error" */
    public MeanSquaredLogarithmicError(String name) {
        super(name, "mean_squared_logarithmic_error", new keras4j.losses.MeanSquaredLogarithmicError(), 1.0);
    }
}
