package keras4j.metrics;

/**
 * Keras's {@code TruePositives}: the weighted number of true positives over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new TruePositives());
 * }</pre>
 */
public final class TruePositives extends ConditionCount {
    /** Keras's default: threshold 0.5, logged as "true_positives". */
    public TruePositives() {
        this(null, null);
    }

    /**
     * @param thresholds the thresholds in [0, 1], or null for 0.5
     * @param name       the name it is logged by, or null for "true_positives"
     */
    public TruePositives(double[] thresholds, String name) {
        super(thresholds, name, "true_positives");
    }

    @Override
    int kind() {
        return 0;
    }
}
