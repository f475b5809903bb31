package keras4j.metrics;

/**
 * Keras's {@code FalseNegatives}: the weighted number of false negatives over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new FalseNegatives());
 * }</pre>
 */
public final class FalseNegatives extends ConditionCount {
    /** Keras's default: threshold 0.5, logged as "false_negatives". */
    public FalseNegatives() {
        this(null, null);
    }

    /**
     * @param thresholds the thresholds in [0, 1], or null for 0.5
     * @param name       the name it is logged by, or null for "false_negatives"
     */
    public FalseNegatives(double[] thresholds, String name) {
        super(thresholds, name, "false_negatives");
    }

    @Override
    int kind() {
        return 3;
    }
}
