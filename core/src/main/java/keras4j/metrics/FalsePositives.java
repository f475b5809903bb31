package keras4j.metrics;

/**
 * Keras's {@code FalsePositives}: the weighted number of false positives over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new FalsePositives());
 * }</pre>
 */
public final class FalsePositives extends ConditionCount {
    /** Keras's default: threshold 0.5, logged as "false_positives". */
    public FalsePositives() {
        this(null, null);
    }

    /**
     * @param thresholds the thresholds in [0, 1], or null for 0.5
     * @param name       the name it is logged by, or null for "false_positives"
     */
    public FalsePositives(double[] thresholds, String name) {
        super(thresholds, name, "false_positives");
    }

    @Override
    int kind() {
        return 1;
    }
}
