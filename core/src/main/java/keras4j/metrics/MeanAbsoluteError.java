package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code MeanAbsoluteError} metric: the mean of the absolute errors over the epoch (by name, {@code "mae"}, logged as "mae").
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mse"), new MeanAbsoluteError());
 * }</pre>
 */
public final class MeanAbsoluteError extends MeanMetric {
    /** Keras's default, logged as "mean_absolute_error". */
    public MeanAbsoluteError() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "mean_absolute_error" */
    public MeanAbsoluteError(String name) {
        super(name, "mean_absolute_error");
    }

    @Override
    void arguments(Map<String, Object> config) {
    }

    @Override
    double value(double[] yTrue, double[] yPred) {
        return meanOf(yTrue, yPred, (t, p) -> Math.abs(p - t));
    }
}
