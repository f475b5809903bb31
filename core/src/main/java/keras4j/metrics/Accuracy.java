package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code Accuracy}: how often the prediction equals the target exactly (for predictions that are class ids or rounded values). Given by name, {@code "accuracy"} instead resolves to the accuracy that fits the loss ({@link Metric#forOutput}).
 *
 * <pre>{@code
 * Metric accuracy = new Accuracy();   // [[1], [2]] vs [[1], [3]] gives 0.5
 * }</pre>
 */
public final class Accuracy extends MeanMetric {
    /** Keras's default, logged as "accuracy". */
    public Accuracy() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "accuracy" */
    public Accuracy(String name) {
        super(name, "accuracy");
    }

    @Override
    void arguments(Map<String, Object> config) {
    }

    @Override
    double value(double[] yTrue, double[] yPred) {
        return meanOf(yTrue, yPred, (t, p) -> t == p ? 1 : 0);
    }
}
