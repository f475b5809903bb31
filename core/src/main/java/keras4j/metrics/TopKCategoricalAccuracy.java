package keras4j.metrics;

import java.util.Map;

import keras4j.Keras4jException;

/**
 * Keras's {@code TopKCategoricalAccuracy}: how often the one-hot target's class is among the {@code k}
 * largest predictions (a tie at the boundary counts as in, as TensorFlow's {@code in_top_k}).
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("categorical_crossentropy"), new TopKCategoricalAccuracy(3));
 * }</pre>
 */
public final class TopKCategoricalAccuracy extends MeanMetric {
    private final int k;

    /** Keras's default: k = 5, logged as "top_k_categorical_accuracy". */
    public TopKCategoricalAccuracy() {
        this(5);
    }

    /** @param k how many of the largest predictions count */
    public TopKCategoricalAccuracy(int k) {
        this(k, null);
    }

    /**
     * @param k    how many of the largest predictions count
     * @param name the name it is logged by, or null for "top_k_categorical_accuracy"
     */
    public TopKCategoricalAccuracy(int k, String name) {
        super(name, "top_k_categorical_accuracy");
        if (k < 1) {
            throw new Keras4jException("TopKCategoricalAccuracy received k=" + k + "; expected k >= 1, e.g. 5.");
        }
        this.k = k;
    }

    /** @return k */
    public int getK() {
        return k;
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("k", k);
    }

    @Override
    double value(double[] yTrue, double[] yPred) {
        int label = argMax(yTrue);
        if (label < 0 || label >= yPred.length) {
            return 0;
        }
        int larger = 0;
        for (double p : yPred) {
            if (p > yPred[label]) {
                larger++;
            }
        }
        return larger < k ? 1 : 0;
    }
}
