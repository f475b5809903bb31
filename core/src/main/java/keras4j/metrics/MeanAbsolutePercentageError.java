package keras4j.metrics;

/**
 * Keras's {@code MeanAbsolutePercentageError} metric: {@code 100 * mean(|y_true - y_pred| / |y_true|)} (by name {@code "mape"}), averaged over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mse"), new MeanAbsolutePercentageError());
 * }</pre>
 */
public final class MeanAbsolutePercentageError extends LossMetric {
    /** Keras's default, logged as "mean_absolute_percentage_error". */
    public MeanAbsolutePercentageError() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "mean_absolute_percentage_error" */
    public MeanAbsolutePercentageError(String name) {
        super(name, "mean_absolute_percentage_error", new keras4j.losses.MeanAbsolutePercentageError(), 1.0);
    }
}
