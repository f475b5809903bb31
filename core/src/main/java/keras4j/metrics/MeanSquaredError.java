package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code MeanSquaredError} metric: the mean of the squared errors over the epoch (by name, {@code "mse"}, logged as "mse").
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mae"), new MeanSquaredError());
 * }</pre>
 */
public final class MeanSquaredError extends MeanMetric {
    /** Keras's default, logged as "mean_squared_error". */
    public MeanSquaredError() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "mean_squared_error" */
    public MeanSquaredError(String name) {
        super(name, "mean_squared_error");
    }

    @Override
    void arguments(Map<String, Object> config) {
    }

    @Override
    double value(double[] yTrue, double[] yPred) {
        return meanOf(yTrue, yPred, (t, p) -> (p - t) * (p - t));
    }
}
