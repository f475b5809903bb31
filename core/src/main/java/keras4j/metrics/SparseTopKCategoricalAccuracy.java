package keras4j.metrics;

import java.util.Map;

import keras4j.Keras4jException;

/**
 * Keras's {@code SparseTopKCategoricalAccuracy}: how often the target class id is among the {@code k}
 * largest predictions (a tie at the boundary counts as in, as TensorFlow's {@code in_top_k}).
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("sparse_categorical_crossentropy"), new SparseTopKCategoricalAccuracy(3));
 * }</pre>
 */
public final class SparseTopKCategoricalAccuracy extends MeanMetric {
    private final int k;

    /** Keras's default: k = 5, logged as "sparse_top_k_categorical_accuracy". */
    public SparseTopKCategoricalAccuracy() {
        this(5);
    }

    /** @param k how many of the largest predictions count */
    public SparseTopKCategoricalAccuracy(int k) {
        this(k, null);
    }

    /**
     * @param k    how many of the largest predictions count
     * @param name the name it is logged by, or null for "sparse_top_k_categorical_accuracy"
     */
    public SparseTopKCategoricalAccuracy(int k, String name) {
        super(name, "sparse_top_k_categorical_accuracy");
        if (k < 1) {
            throw new Keras4jException("SparseTopKCategoricalAccuracy received k=" + k + "; expected k >= 1, e.g. 5.");
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
    boolean sparse() {
        return true;
    }

    @Override
    double value(double[] yTrue, double[] yPred) {
        int label = (int) yTrue[0];
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
