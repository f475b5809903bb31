package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code SparseCategoricalAccuracy}: how often the largest prediction is at the target class id.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("sparse_categorical_crossentropy"), new SparseCategoricalAccuracy());
 * }</pre>
 */
public final class SparseCategoricalAccuracy extends MeanMetric {
    /** Keras's default, logged as "sparse_categorical_accuracy". */
    public SparseCategoricalAccuracy() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "sparse_categorical_accuracy" */
    public SparseCategoricalAccuracy(String name) {
        super(name, "sparse_categorical_accuracy");
    }

    @Override
    void arguments(Map<String, Object> config) {
    }

    @Override
    boolean sparse() {
        return true;
    }

    @Override
    double value(double[] yTrue, double[] yPred) {
        return argMax(yPred) == yTrue[0] ? 1 : 0;
    }
}
