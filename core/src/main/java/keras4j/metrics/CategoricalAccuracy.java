package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code CategoricalAccuracy}: how often the largest prediction is at the one-hot target's class.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("categorical_crossentropy"), new CategoricalAccuracy());
 * }</pre>
 */
public final class CategoricalAccuracy extends MeanMetric {
    /** Keras's default, logged as "categorical_accuracy". */
    public CategoricalAccuracy() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "categorical_accuracy" */
    public CategoricalAccuracy(String name) {
        super(name, "categorical_accuracy");
    }

    @Override
    void arguments(Map<String, Object> config) {
    }

    @Override
    double value(double[] yTrue, double[] yPred) {
        return argMax(yTrue) == argMax(yPred) ? 1 : 0;
    }
}
