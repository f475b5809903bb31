package keras4j.metrics;

/**
 * Keras's {@code RootMeanSquaredError}: {@code sqrt(mean((y_pred - y_true)^2))} over every value
 * of the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mse"), new RootMeanSquaredError());
 * }</pre>
 */
public final class RootMeanSquaredError extends LossMetric {
    /** Keras's default, logged as "root_mean_squared_error". */
    public RootMeanSquaredError() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "root_mean_squared_error" */
    public RootMeanSquaredError(String name) {
        super(name, "root_mean_squared_error", new keras4j.losses.MeanSquaredError(), 1.0);
    }

    @Override
    public double result() {
        return Math.sqrt(super.result());
    }
}
