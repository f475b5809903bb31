package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code BinaryAccuracy}: how often {@code prediction > threshold} equals the 0/1
 * target, averaged over a sample's values.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new BinaryAccuracy(0.7));
 * }</pre>
 */
public final class BinaryAccuracy extends MeanMetric {
    private final double threshold;

    /** Keras's default: threshold 0.5, logged as "binary_accuracy". */
    public BinaryAccuracy() {
        this(0.5);
    }

    /** @param threshold a prediction above it is a 1 */
    public BinaryAccuracy(double threshold) {
        this(threshold, null);
    }

    /**
     * @param threshold a prediction above it is a 1
     * @param name      the name it is logged by, or null for "binary_accuracy"
     */
    public BinaryAccuracy(double threshold, String name) {
        super(name, "binary_accuracy");
        if (!Double.isFinite(threshold)) {
            throw new keras4j.Keras4jException("BinaryAccuracy received threshold=" + threshold
                    + "; expected a finite number such as 0.5.");
        }
        this.threshold = threshold;
    }

    /** @return the threshold */
    public double getThreshold() {
        return threshold;
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("threshold", threshold);
    }

    @Override
    double value(double[] yTrue, double[] yPred) {
        return meanOf(yTrue, yPred, (t, p) -> t == (p > threshold ? 1 : 0) ? 1 : 0);
    }
}
