package keras4j.metrics;

/**
 * Keras's {@code TrueNegatives}: the weighted number of true negatives over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new TrueNegatives());
 * }</pre>
 */
public final class TrueNegatives extends ConditionCount {
    /** Keras's default: threshold 0.5, logged as "true_negatives". */
    public TrueNegatives() {
        this(null, null);
    }

    /**
     * @param thresholds the thresholds in [0, 1], or null for 0.5
     * @param name       the name it is logged by, or null for "true_negatives"
     */
    public TrueNegatives(double[] thresholds, String name) {
        super(thresholds, name, "true_negatives");
    }

    @Override
    int kind() {
        return 2;
    }
}
