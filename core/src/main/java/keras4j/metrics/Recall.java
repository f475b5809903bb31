package keras4j.metrics;

/**
 * Keras's {@code Recall}: the share of the positives that are predicted positive: all true positives over all true positives and false negatives since the reset (so over a whole epoch, not a mean of per-batch recalls). A prediction is positive above the threshold (0.5); with
 * {@code topK}, when it is also among the sample's k largest; with {@code classId}, only that
 * class's column counts. A {@code divide_no_nan}: 0 before any positive.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new Recall());
 * new Recall(new double[] {0.7}, null, null);   // threshold 0.7
 * new Recall(null, 1, 3);                       // class 3 counted when it is the top prediction
 * }</pre>
 */
public final class Recall extends ConfusionCounts {
    /** Keras's default: threshold 0.5, logged as "recall". */
    public Recall() {
        this(null, null, null, null);
    }

    /** @param threshold a prediction above it is positive */
    public Recall(double threshold) {
        this(new double[] {threshold}, null, null, null);
    }

    /**
     * @param thresholds one or more thresholds in [0, 1], or null for 0.5 (or, with topK, none)
     * @param topK       only a sample's k largest predictions can be positive, or null
     * @param classId    the class whose column counts, or null for every value
     */
    public Recall(double[] thresholds, Integer topK, Integer classId) {
        this(thresholds, topK, classId, null);
    }

    /**
     * @param thresholds one or more thresholds in [0, 1], or null for 0.5 (or, with topK, none)
     * @param topK       only a sample's k largest predictions can be positive, or null
     * @param classId    the class whose column counts, or null for every value
     * @param name       the name it is logged by, or null for "recall"
     */
    public Recall(double[] thresholds, Integer topK, Integer classId, String name) {
        super(thresholds, topK, classId, name, "recall");
    }

    /** Counts false negatives. */
    @Override
    boolean countsMisses() {
        return true;
    }
}
